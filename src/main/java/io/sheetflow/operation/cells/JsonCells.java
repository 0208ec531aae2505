package io.sheetflow.operation.cells;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.sheet.CellText;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** Between typed cells and JSON: step results, argument values. */
public final class JsonCells {

    private JsonCells() {
    }

    /**
     * A cell as a JSON-able value, the way the JSON table writer writes it: numbers and booleans native, dates as
     * ISO-8601 text ({@code 2024-01-15}, {@code 2024-01-15T10:30:00}), NaN and infinities as null.
     */
    public static Object toJson(Object cell) {
        if (cell instanceof LocalDate date) {
            return CellText.isoDate(date);
        }
        if (cell instanceof LocalDateTime dateTime) {
            return CellText.isoDateTime(dateTime, 'T');
        }
        if (cell instanceof Double number && (number.isNaN() || number.isInfinite())) {
            return null;
        }
        return cell;
    }

    /** True for JSON values that can be a cell: null, text, numbers and booleans. */
    public static boolean isScalar(JsonNode node) {
        return node == null || node.isNull() || node.isTextual() || node.isNumber() || node.isBoolean();
    }

    /**
     * A scalar JSON value as a cell: text stays text (empty text is an empty cell), whole numbers are
     * {@code Long}, other numbers {@code Double}, booleans {@code Boolean}. Dates in text stay text.
     *
     * @throws IllegalArgumentException for arrays and objects
     */
    public static Object toCell(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? null : node.textValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw new IllegalArgumentException("expected text, a number, true, false or null");
    }
}
