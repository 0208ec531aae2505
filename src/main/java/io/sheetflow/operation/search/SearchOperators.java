package io.sheetflow.operation.search;

import io.sheetflow.sheet.ColumnType;

import java.util.List;

/** The operators that make sense for a column, from its type as the engine infers it. */
public final class SearchOperators {

    public static final List<String> NUMBER = List.of("equals", "not_equals", "greater_than",
            "greater_than_or_equal", "less_than", "less_than_or_equal", "between");
    public static final List<String> DATE = List.of("equals", "before", "after", "between");
    public static final List<String> BOOLEAN = List.of("equals", "not_equals");
    public static final List<String> TEXT = List.of("equals", "not_equals", "contains", "not_contains",
            "starts_with", "ends_with", "is_empty", "is_not_empty", "matches");

    private SearchOperators() {
    }

    /** Numbers, dates and booleans get their own lists; text, mixed and empty columns the text operators. */
    public static List<String> forType(ColumnType type) {
        return switch (type) {
            case INTEGER, NUMBER -> NUMBER;
            case DATE, DATETIME -> DATE;
            case BOOLEAN -> BOOLEAN;
            case TEXT, MIXED, EMPTY -> TEXT;
        };
    }
}
