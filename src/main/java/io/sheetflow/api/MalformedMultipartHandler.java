package io.sheetflow.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Micronaut's multipart binder fails with a ClassCastException when the {@code file} field is a plain form
 * field instead of a file part: that is the client's malformed request (400), not a server error.
 */
@Produces
@Singleton
public class MalformedMultipartHandler implements ExceptionHandler<ClassCastException, HttpResponse<?>> {
    private final Envelopes envelopes;
    private final UnexpectedExceptionHandler unexpected;

    public MalformedMultipartHandler(Envelopes envelopes, UnexpectedExceptionHandler unexpected) {
        this.envelopes = envelopes;
        this.unexpected = unexpected;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ClassCastException exception) {
        boolean multipart = ((HttpRequest<?>) request).getContentType().map(t -> t.getName().equals(MediaType.MULTIPART_FORM_DATA))
                .orElse(false);
        if (!multipart) {
            return unexpected.handle(request, exception);
        }
        return envelopes.error(request, HttpStatus.BAD_REQUEST, "BadRequest",
                "Malformed multipart request: 'file' must be a file part with a filename", Map.of("field", "file"));
    }
}
