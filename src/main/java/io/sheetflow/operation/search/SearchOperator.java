package io.sheetflow.operation.search;

import java.util.Locale;
import java.util.Optional;

/** The operators of a search condition, by their names in requests (matched in any case). */
public enum SearchOperator {
    EQUALS("equals"),
    NOT_EQUALS("not_equals"),
    CONTAINS("contains"),
    NOT_CONTAINS("not_contains"),
    STARTS_WITH("starts_with"),
    ENDS_WITH("ends_with"),
    IS_EMPTY("is_empty"),
    IS_NOT_EMPTY("is_not_empty"),
    GREATER_THAN("greater_than"),
    GREATER_THAN_OR_EQUAL("greater_than_or_equal"),
    LESS_THAN("less_than"),
    LESS_THAN_OR_EQUAL("less_than_or_equal"),
    BETWEEN("between"),
    BEFORE("before"),
    AFTER("after"),
    MATCHES("matches");

    private final String jsonName;

    SearchOperator(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Optional<SearchOperator> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (SearchOperator operator : values()) {
            if (operator.jsonName.equals(wanted)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }
}
