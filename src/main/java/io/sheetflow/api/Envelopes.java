package io.sheetflow.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

/** Builds envelopes for the current request. */
@Singleton
public class Envelopes {
    private final String apiVersion;
    private final String locale;

    public Envelopes(@Value("${sheetflow.api-version:v1}") String apiVersion,
                     @Value("${sheetflow.locale:en_US}") String locale) {
        this.apiVersion = apiVersion;
        this.locale = locale;
    }

    public <T> ApiResponse<T> body(HttpRequest<?> request, HttpStatus status, T data, String message, long total) {
        ApiMeta meta = new ApiMeta(apiVersion, locale, RequestIds.of(request), RequestIds.timeOf(request).toString());
        return new ApiResponse<>(data, message, meta, status.getCode(), total);
    }

    public <T> MutableHttpResponse<ApiResponse<T>> respond(HttpStatus status, T data, String message, long total) {
        HttpRequest<?> request = ServerRequestContext.currentRequest().orElse(null);
        return HttpResponse.<ApiResponse<T>>status(status).body(body(request, status, data, message, total));
    }

    public <T> MutableHttpResponse<ApiResponse<T>> ok(T data, String message) {
        return respond(HttpStatus.OK, data, message, 0);
    }

    public <T> MutableHttpResponse<ApiResponse<T>> ok(T data, String message, long total) {
        return respond(HttpStatus.OK, data, message, total);
    }

    public <T> MutableHttpResponse<ApiResponse<T>> created(T data, String message) {
        return respond(HttpStatus.CREATED, data, message, 0);
    }

    public <T> MutableHttpResponse<ApiResponse<T>> accepted(T data, String message) {
        return respond(HttpStatus.ACCEPTED, data, message, 0);
    }

    public MutableHttpResponse<ApiResponse<ErrorDetails>> error(HttpRequest<?> request, HttpStatus status,
                                                               String errorType, String message, Object details) {
        return HttpResponse.<ApiResponse<ErrorDetails>>status(status)
                .body(body(request, status, new ErrorDetails(errorType, details), message, 0));
    }
}
