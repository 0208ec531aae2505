package io.sheetflow.operation.json;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sheetflow.operation.InvalidArgumentException;

import java.util.Locale;

/** How {@code json/generate-with-template} puts the rendered rows together ({@code aggregation_mode}). */
public enum AggregationMode {
    /** A JSON array of one object per row. */
    ARRAY("array"),
    /** The object itself when there is exactly one row, else an array. */
    SINGLE("single"),
    /** {@code {"items": [...], "count": n}}. */
    NESTED("nested");

    private final String jsonName;

    AggregationMode(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static AggregationMode fromJson(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (AggregationMode mode : values()) {
            if (mode.jsonName.equals(wanted)) {
                return mode;
            }
        }
        throw new InvalidArgumentException("aggregation_mode", "Invalid aggregation_mode: '" + value
                + "'. Must be one of: array, single, nested");
    }
}
