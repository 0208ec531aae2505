package io.sheetflow.sheet;

/**
 * Which worksheet to read. {@code sheetName} wins over {@code sheetIndex} (zero-based); both null means the first
 * sheet. Ignored for CSV.
 */
public record ReadOptions(String sheetName, Integer sheetIndex) {

    public static ReadOptions firstSheet() {
        return new ReadOptions(null, null);
    }

    public static ReadOptions sheet(String sheetName) {
        return new ReadOptions(sheetName, null);
    }
}
