package io.sheetflow.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Framework-level errors (no route, method not allowed, body too large, unparseable JSON, bad parameter
 * conversion) answered in the same envelope as everything else.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class EnvelopeErrorResponseProcessor implements ErrorResponseProcessor<ApiResponse<ErrorDetails>> {
    private final Envelopes envelopes;

    public EnvelopeErrorResponseProcessor(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public MutableHttpResponse<ApiResponse<ErrorDetails>> processResponse(ErrorContext context,
                                                                          MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String message = messageFor(status, context.getErrors());
        var body = envelopes.body(context.getRequest(), status, new ErrorDetails(errorType(status),
                fields(context.getErrors())), message, 0);
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }

    private static String messageFor(HttpStatus status, List<Error> errors) {
        if (status.getCode() >= 500) {
            return "Internal server error";
        }
        return switch (status) {
            case NOT_FOUND -> "Resource not found";
            case UNAUTHORIZED -> "Authentication required: send 'Authorization: Bearer <token>' "
                    + "(WebSocket handshakes: '?token=<token>')";
            case FORBIDDEN -> "Forbidden: your role does not allow this";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case REQUEST_ENTITY_TOO_LARGE -> "Request too large: " + joined(errors);
            default -> {
                String text = errors.isEmpty() ? status.getReason() : joined(errors);
                yield JsonErrorMessages.isBindingError(text) ? JsonErrorMessages.sanitise(text) : text;
            }
        };
    }

    private static String joined(List<Error> errors) {
        return errors.stream().map(Error::getMessage).collect(Collectors.joining("; "));
    }

    private static Object fields(List<Error> errors) {
        List<String> paths = errors.stream().map(Error::getPath).flatMap(java.util.Optional::stream).toList();
        return paths.isEmpty() ? null : java.util.Map.of("fields", paths);
    }

    private static String errorType(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "NotFound";
            case UNAUTHORIZED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case METHOD_NOT_ALLOWED -> "MethodNotAllowed";
            case REQUEST_ENTITY_TOO_LARGE -> "PayloadTooLarge";
            case UNSUPPORTED_MEDIA_TYPE -> "UnsupportedMediaType";
            case UNPROCESSABLE_ENTITY -> "ValidationError";
            case BAD_REQUEST -> "BadRequest";
            default -> status.getCode() >= 500 ? "InternalError" : "Error";
        };
    }
}
