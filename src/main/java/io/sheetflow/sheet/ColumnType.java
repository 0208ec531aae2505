package io.sheetflow.sheet;

/** The type of a column's values, as reported to users ({@link #jsonName()}). */
public enum ColumnType {
    INTEGER("integer"),
    /** Decimals, or integers mixed with decimals. */
    NUMBER("number"),
    BOOLEAN("boolean"),
    DATE("date"),
    DATETIME("datetime"),
    TEXT("text"),
    /** Every value is null. */
    EMPTY("empty"),
    /** Values of several kinds (numbers and text, dates and datetimes, ...). */
    MIXED("mixed");

    private final String jsonName;

    ColumnType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
