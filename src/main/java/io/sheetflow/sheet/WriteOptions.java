package io.sheetflow.sheet;

/**
 * How to write a table. {@code sheetName} (xlsx only) defaults to {@code Sheet1}; {@code includeInfoSheet} adds
 * the reference's {@code Info} sheet describing {@code sourceName}, the rows and the columns.
 */
public record WriteOptions(String sheetName, boolean includeInfoSheet, String sourceName) {

    public static final String DEFAULT_SHEET_NAME = "Sheet1";

    public WriteOptions {
        if (sheetName == null || sheetName.isBlank()) {
            sheetName = DEFAULT_SHEET_NAME;
        }
    }

    /** A plain table without Info sheet. */
    public static WriteOptions plain() {
        return new WriteOptions(null, false, null);
    }
}
