package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RunCancelledException;
import org.apache.poi.EncryptedDocumentException;

/**
 * Maps what POI throws on a bad workbook to messages users can act on. The original exception stays attached as
 * the cause for the server log; its text (which may name entries or temp files) is never shown.
 */
final class WorkbookFailures {

    static final String NOT_XLSX = "The file is not a valid .xlsx workbook";
    static final String NOT_XLS = "The file is not a valid .xls workbook";
    static final String PASSWORD_PROTECTED = "The workbook is password-protected";
    static final String ZIP_BOMB = "The workbook expands to an unsafe size (possible zip bomb)";

    private WorkbookFailures() {
    }

    /**
     * @param invalidMessage the message for a file that is simply not a readable workbook of the expected kind
     */
    static RuntimeException map(Throwable failure, String invalidMessage) {
        if (failure instanceof OperationFailedException || failure instanceof RunCancelledException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EncryptedDocumentException) {
                return new OperationFailedException(PASSWORD_PROTECTED, failure);
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Zip bomb detected")
                    || message.contains("potentially malicious")
                    || message.contains("exceed the max allowed overall size"))) {
                return new OperationFailedException(ZIP_BOMB, failure);
            }
        }
        return new OperationFailedException(invalidMessage, failure);
    }
}
