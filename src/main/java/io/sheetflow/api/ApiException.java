package io.sheetflow.api;

import io.micronaut.http.HttpStatus;

/**
 * A request that cannot be served, with the status and a message for the user. Messages name the problem
 * (field, id, limit) and never contain server paths, SQL or stack traces.
 */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String errorType;
    private final transient Object details;

    public ApiException(HttpStatus status, String errorType, String message, Object details) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
        this.details = details;
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "NotFound", message, null);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "BadRequest", message, null);
    }

    /** 422 naming the field at fault, e.g. {@code steps[1].arguments.columns}. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "ValidationError", message,
                field == null ? null : java.util.Map.of("field", field));
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", message, null);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "PayloadTooLarge", message, null);
    }

    public static ApiException unsupportedType(String message) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedFileType", message, null);
    }

    public HttpStatus status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public Object details() {
        return details;
    }
}
