package io.sheetflow.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.multipart.FileUpload;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedRouteHandler;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * A request without a required argument. A missing file part is 422 "No file provided" (as in the
 * reference); anything else 400, both naming what is missing.
 */
@Produces
@Singleton
@Replaces(UnsatisfiedRouteHandler.class)
public class MissingArgumentHandler implements ExceptionHandler<UnsatisfiedRouteException, HttpResponse<?>> {
    private final Envelopes envelopes;

    public MissingArgumentHandler(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, UnsatisfiedRouteException exception) {
        String name = exception.getArgument().getName();
        if (FileUpload.class.isAssignableFrom(exception.getArgument().getType())) {
            return envelopes.error(request, HttpStatus.UNPROCESSABLE_ENTITY, "ValidationError",
                    "No file provided: send it in the multipart field '" + name + "'", Map.of("field", name));
        }
        return envelopes.error(request, HttpStatus.BAD_REQUEST, "BadRequest",
                "Missing required parameter '" + name + "'", Map.of("field", name));
    }
}
