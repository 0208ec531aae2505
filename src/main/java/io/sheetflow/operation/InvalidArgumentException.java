package io.sheetflow.operation;

/** A step argument is missing or wrong; detected before a run is accepted (422). */
public class InvalidArgumentException extends RuntimeException {
    private final String field;

    public InvalidArgumentException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The argument's JSON name, e.g. {@code columns}. */
    public String field() {
        return field;
    }
}
