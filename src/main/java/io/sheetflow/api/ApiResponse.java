package io.sheetflow.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The response envelope of every JSON answer, success or error (Pycelize's shape).
 * Unlike Pycelize, {@code status_code} always equals the HTTP status.
 */
public record ApiResponse<T>(
        T data,
        String message,
        ApiMeta meta,
        @JsonProperty("status_code") int statusCode,
        long total) {
}
