package io.sheetflow.operation.json;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sheetflow.operation.InvalidArgumentException;

import java.util.Locale;

/** What {@code json/generate} does with empty cells ({@code null_handling}). */
public enum NullHandling {
    /** Keep the key with a JSON {@code null}. */
    INCLUDE("include"),
    /** Leave the key out of that object. */
    EXCLUDE("exclude"),
    /** Write an empty string instead. */
    DEFAULT("default");

    private final String jsonName;

    NullHandling(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static NullHandling fromJson(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (NullHandling handling : values()) {
            if (handling.jsonName.equals(wanted)) {
                return handling;
            }
        }
        throw new InvalidArgumentException("null_handling", "Invalid null_handling: '" + value
                + "'. Must be one of: include, exclude, default");
    }
}
