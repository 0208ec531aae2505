package io.sheetflow.operation.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.sheet.CellText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters of one requested normalization, read against its type's {@link ParameterSpec}s. Every problem is
 * an {@link InvalidArgumentException} naming the parameter's full path, e.g.
 * {@code normalizations[2].parameters.decimals}.
 */
public final class Parameters {

    private final NormalizationType type;
    private final Map<String, JsonNode> given;
    private final String column;
    private final String fieldPrefix;

    /**
     * @param column      the column the normalization applies to, for messages
     * @param fieldPrefix the path of the normalization in the arguments, e.g. {@code normalizations[2]}
     * @throws InvalidArgumentException for an unknown or a missing required parameter
     */
    Parameters(NormalizationType type, Map<String, JsonNode> given, String column, String fieldPrefix) {
        this.type = type;
        this.column = column;
        this.given = given == null ? Map.of() : given;
        this.fieldPrefix = fieldPrefix;
        for (String name : this.given.keySet()) {
            if (type.parameter(name) == null) {
                String known = type.parameters().isEmpty() ? type.name() + " takes no parameters"
                        : "Known parameters: " + type.parameters().stream().map(ParameterSpec::name)
                        .collect(Collectors.joining(", "));
                throw new InvalidArgumentException(field(name), "Unknown parameter '" + name + "' for "
                        + type.name() + ". " + known);
            }
        }
        for (ParameterSpec spec : type.parameters()) {
            if (spec.required() && !has(spec.name())) {
                throw invalid(spec.name(), "is required");
            }
        }
    }

    public String typeName() {
        return type.name();
    }

    /** The column the normalization applies to. */
    public String column() {
        return column;
    }

    /** True when the request gives the parameter (a JSON null counts as absent). */
    public boolean has(String name) {
        JsonNode node = given.get(name);
        return node != null && !node.isNull();
    }

    /** True when the request names the parameter, even with a JSON null. */
    public boolean present(String name) {
        return given.containsKey(name);
    }

    /** The parameter as given, or null when absent. */
    public JsonNode node(String name) {
        return has(name) ? given.get(name) : null;
    }

    public String text(String name) {
        JsonNode node = node(name);
        if (node == null) {
            return (String) type.parameter(name).defaultValue();
        }
        if (!node.isTextual()) {
            throw invalid(name, "must be a string");
        }
        return node.textValue();
    }

    /** An integer in {@code [min, max]}, given as a JSON integer or as integer text. */
    public int integer(String name, int min, int max) {
        JsonNode node = node(name);
        long value;
        if (node == null) {
            value = ((Number) type.parameter(name).defaultValue()).longValue();
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (node.isTextual() && node.textValue().strip().matches("[+-]?\\d{1,9}")) {
            value = Long.parseLong(node.textValue().strip());
        } else {
            throw invalid(name, "must be an integer");
        }
        if (value < min || value > max) {
            throw invalid(name, "must be between " + min + " and " + max);
        }
        return (int) value;
    }

    /** A number of at least {@code min}, given as a JSON number or as numeric text. */
    public double number(String name, double min) {
        JsonNode node = node(name);
        double value;
        if (node == null) {
            value = ((Number) type.parameter(name).defaultValue()).doubleValue();
        } else if (node.isNumber()) {
            value = node.doubleValue();
        } else {
            try {
                value = node.isTextual() ? Double.parseDouble(node.textValue().strip()) : Double.NaN;
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (Double.isNaN(value)) {
                throw invalid(name, "must be a number");
            }
        }
        if (!(value >= min) || Double.isInfinite(value)) {
            throw invalid(name, "must be a finite number of at least " + CellText.plainNumber(min));
        }
        return value;
    }

    /** An array of strings, or one string of comma-separated values; items trimmed, empty ones dropped. */
    public List<String> textList(String name) {
        JsonNode node = node(name);
        List<String> items = new ArrayList<>();
        if (node == null) {
            addSplit(items, (String) type.parameter(name).defaultValue());
        } else if (node.isTextual()) {
            addSplit(items, node.textValue());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    addSplit(items, item.textValue());
                } else if (item.isNumber() || item.isBoolean()) {
                    items.add(item.asText());
                } else {
                    throw invalid(name, "must be an array of strings or a comma-separated string");
                }
            }
        } else {
            throw invalid(name, "must be an array of strings or a comma-separated string");
        }
        return items;
    }

    private static void addSplit(List<String> items, String text) {
        for (String part : text.split(",")) {
            String item = part.strip();
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
    }

    /** The full path of a parameter, e.g. {@code normalizations[2].parameters.decimals}. */
    public String field(String name) {
        return fieldPrefix + ".parameters." + name;
    }

    /** "Parameter 'decimals' of round_decimal {problem}", naming the parameter's path. */
    public InvalidArgumentException invalid(String name, String problem) {
        return new InvalidArgumentException(field(name), "Parameter '" + name + "' of " + type.name() + " "
                + problem);
    }
}
