package io.sheetflow.operation.normalize;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parameter of a normalization type, as clients see it in the type list.
 *
 * @param name         the key in {@code parameters}
 * @param type         {@code string}, {@code integer}, {@code number}, {@code string list} (an array of strings or
 *                     one comma-separated string), {@code object} or {@code value} (text, number, boolean or null)
 * @param defaultValue the value used when the parameter is absent (JSON-able), null when there is none
 * @param required     whether the parameter must be given
 * @param description  one sentence
 */
public record ParameterSpec(String name, String type, Object defaultValue, boolean required, String description) {

    static ParameterSpec optional(String name, String type, Object defaultValue, String description) {
        return new ParameterSpec(name, type, defaultValue, false, description);
    }

    static ParameterSpec required(String name, String type, String description) {
        return new ParameterSpec(name, type, null, true, description);
    }

    /** {@code {name, type, default, required, description}} for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("type", type);
        map.put("default", defaultValue);
        map.put("required", required);
        map.put("description", description);
        return map;
    }
}
