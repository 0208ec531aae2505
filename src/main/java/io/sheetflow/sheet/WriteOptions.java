package io.sheetflow.sheet;

/**
 * How to write a table. {@code sheetName} (xlsx only) defaults to {@code Sheet1}; {@code includeInfoSheet} adds
 * Pycelize's {@code Info} sheet describing {@code sourceName}, the rows and the columns;
 * {@code neutraliseFormulas} (csv only, on by default) prefixes text cells that a spreadsheet would run as a
 * formula ({@code = + - @}, tab, carriage return) with a single quote.
 */
public record WriteOptions(String sheetName, boolean includeInfoSheet, String sourceName, boolean neutraliseFormulas) {

    public static final String DEFAULT_SHEET_NAME = "Sheet1";

    public WriteOptions {
        if (sheetName == null || sheetName.isBlank()) {
            sheetName = DEFAULT_SHEET_NAME;
        }
    }

    public WriteOptions(String sheetName, boolean includeInfoSheet, String sourceName) {
        this(sheetName, includeInfoSheet, sourceName, true);
    }

    /** A plain table without Info sheet. */
    public static WriteOptions plain() {
        return new WriteOptions(null, false, null);
    }
}
