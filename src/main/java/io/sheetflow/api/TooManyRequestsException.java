package io.sheetflow.api;

import io.micronaut.http.HttpStatus;

/** 429 with the number of seconds after which the request can succeed ({@code Retry-After}). */
public class TooManyRequestsException extends ApiException {
    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "TooManyRequests", message, java.util.Map.of("retry_after", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
