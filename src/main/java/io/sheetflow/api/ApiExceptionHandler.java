package io.sheetflow.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Produces
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private final Envelopes envelopes;

    public ApiExceptionHandler(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
        var response = envelopes.error(request, exception.status(), exception.errorType(), exception.getMessage(),
                exception.details());
        if (exception instanceof TooManyRequestsException tooMany) {
            response.header(io.micronaut.http.HttpHeaders.RETRY_AFTER, String.valueOf(tooMany.retryAfterSeconds()));
        }
        return response;
    }
}
