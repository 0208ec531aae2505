package io.sheetflow.operation;

/**
 * The user's data does not allow the operation (missing column, unreadable or corrupt file, empty file).
 * The message is shown to the user as is: name the problem, never a server path or stack trace.
 */
public class OperationFailedException extends RuntimeException {
    public OperationFailedException(String message) {
        super(message);
    }

    public OperationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
