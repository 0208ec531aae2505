package io.sheetflow.lambda;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Events that reach a handler untyped. Lambda's runtime client resolves a {@code Class::handleRequest} handler
 * string by method name; Micronaut's {@code MicronautRequestHandler.handleRequest(I, Context)} is erased to
 * {@code (Object, Context)}, so the runtime client deserialises the event JSON into a {@code Map} (the class-name
 * form, which goes through {@code RequestHandler}'s type argument, gets the typed event). Micronaut's own
 * conversion of that map loses fields of AWS's event classes (a WebSocket event's whole {@code requestContext};
 * an SQS record's {@code messageId} and {@code receiptHandle}), so the handlers bind it here with plain
 * Jackson: case-insensitive (SQS's {@code Records}, {@code eventSourceARN}) and ignoring what a class lacks.
 */
final class LambdaEvents {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .build();

    private LambdaEvents() {
    }

    static <T> T convert(Object input, Class<T> type) {
        if (input == null || type.isInstance(input)) {
            return type.cast(input);
        }
        try {
            return MAPPER.convertValue(input, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read the event as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
