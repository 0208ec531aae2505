package io.sheetflow.sheet;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infers each column's {@link ColumnType} from the rows seen and counts its non-null values. Feed it rows with
 * {@link #accept(Object[])}; it keeps one bit set and one counter per column, so it streams.
 */
public final class ColumnTypeInference {

    private static final int LONG = 1;
    private static final int DOUBLE = 1 << 1;
    private static final int BOOLEAN = 1 << 2;
    private static final int DATE = 1 << 3;
    private static final int DATETIME = 1 << 4;
    private static final int TEXT = 1 << 5;
    private static final int OTHER = 1 << 6;

    private final int[] kindsSeen;
    private final long[] nonNullCounts;

    public ColumnTypeInference(int columns) {
        kindsSeen = new int[columns];
        nonNullCounts = new long[columns];
    }

    public void accept(Object[] row) {
        int columns = Math.min(row.length, kindsSeen.length);
        for (int c = 0; c < columns; c++) {
            Object value = row[c];
            if (value != null) {
                kindsSeen[c] |= kindOf(value);
                nonNullCounts[c]++;
            }
        }
    }

    public ColumnType type(int column) {
        return typeOfKinds(kindsSeen[column]);
    }

    public long nonNullCount(int column) {
        return nonNullCounts[column];
    }

    /** Column name to {@link ColumnType#jsonName()}, in header order. */
    public Map<String, String> typeNamesByColumn(List<String> header) {
        Map<String, String> types = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            types.put(header.get(c), type(c).jsonName());
        }
        return types;
    }

    /** The type of one list of values. */
    public static ColumnType of(Iterable<?> values) {
        int kinds = 0;
        for (Object value : values) {
            if (value != null) {
                kinds |= kindOf(value);
            }
        }
        return typeOfKinds(kinds);
    }

    private static int kindOf(Object value) {
        if (value instanceof String) {
            return TEXT;
        }
        if (value instanceof Long || value instanceof Integer) {
            return LONG;
        }
        if (value instanceof Double) {
            return DOUBLE;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof LocalDate) {
            return DATE;
        }
        if (value instanceof LocalDateTime) {
            return DATETIME;
        }
        return OTHER;
    }

    private static ColumnType typeOfKinds(int kinds) {
        return switch (kinds) {
            case 0 -> ColumnType.EMPTY;
            case LONG -> ColumnType.INTEGER;
            case DOUBLE, LONG | DOUBLE -> ColumnType.NUMBER;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case DATE -> ColumnType.DATE;
            case DATETIME -> ColumnType.DATETIME;
            case TEXT -> ColumnType.TEXT;
            default -> ColumnType.MIXED;
        };
    }
}
