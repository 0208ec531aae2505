package io.sheetflow.operation.json;

import io.sheetflow.sheet.JsonTableWriter;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.operation.template.Placeholder;
import io.sheetflow.operation.template.TypeHint;
import io.sheetflow.sheet.CellText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A JSON template compiled once and written once per row (Pycelize's semantics). Objects and
 * arrays are walked recursively, their keys and non-text values copied. A text value:
 * <ul>
 *   <li>that is exactly one placeholder ({@code "{age:int}"}) becomes a typed value: with a hint the converted
 *       value ({@code int}/{@code float} numbers, {@code bool} booleans, {@code datetime}/{@code string} text, the
 *       original value when conversion fails), without one the cell as it is (numbers stay numbers, dates ISO
 *       text); a null (empty cell, unknown placeholder) becomes the default, converted by the hint, or JSON
 *       {@code null};</li>
 *   <li>with placeholders among other text has each replaced by the value's text, or removed when null
 *       ({@code "User {name} ({age:float})"} -> {@code "User Bob ()"});</li>
 *   <li>without placeholders is copied.</li>
 * </ul>
 * Placeholders are {@code {name[:type][|default]}}; names are {@code column_mapping} keys (no SQL wildcards here).
 */
final class JsonTemplate {

    private sealed interface Node permits ObjectNode, ArrayNode, Constant, Exact, Mixed {
    }

    private record ObjectNode(List<String> keys, List<Node> values) implements Node {
    }

    private record ArrayNode(List<Node> items) implements Node {
    }

    private record Constant(JsonNode value) implements Node {
    }

    /** A placeholder and the row index of its column, -1 for an unknown name. */
    private record Slot(Placeholder placeholder, int index) {
    }

    private record Exact(Slot slot) implements Node {
    }

    /** Text and {@link Slot}s. */
    private record Mixed(List<Object> parts) implements Node {
    }

    private final Node root;

    private JsonTemplate(Node root) {
        this.root = root;
    }

    /**
     * @param columns placeholder name to the row index of its column
     * @throws io.sheetflow.operation.InvalidArgumentException (field {@code template}) for an unknown type hint
     */
    static JsonTemplate compile(JsonNode template, Map<String, Integer> columns) {
        return new JsonTemplate(node(template, columns));
    }

    private static Node node(JsonNode node, Map<String, Integer> columns) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            List<Node> values = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                keys.add(field.getKey());
                values.add(node(field.getValue(), columns));
            }
            return new ObjectNode(List.copyOf(keys), List.copyOf(values));
        }
        if (node.isArray()) {
            List<Node> items = new ArrayList<>();
            for (JsonNode item : node) {
                items.add(node(item, columns));
            }
            return new ArrayNode(List.copyOf(items));
        }
        if (!node.isTextual()) {
            return new Constant(node);
        }
        String text = node.textValue();
        Matcher matcher = Placeholder.PATTERN.matcher(text);
        if (matcher.matches()) {
            return new Exact(slot(matcher.group(1), columns));
        }
        List<Object> parts = new ArrayList<>();
        int textStart = 0;
        matcher.reset();
        while (matcher.find()) {
            if (matcher.start() > textStart) {
                parts.add(text.substring(textStart, matcher.start()));
            }
            parts.add(slot(matcher.group(1), columns));
            textStart = matcher.end();
        }
        if (parts.isEmpty()) {
            return new Constant(node);
        }
        if (textStart < text.length()) {
            parts.add(text.substring(textStart));
        }
        return new Mixed(List.copyOf(parts));
    }

    private static Slot slot(String text, Map<String, Integer> columns) {
        Placeholder placeholder = Placeholder.parse(text);
        return new Slot(placeholder, columns.getOrDefault(placeholder.name(), -1));
    }

    /** Writes the template filled with one row's values. */
    void write(JsonGenerator json, Object[] row) throws IOException {
        write(json, root, row);
    }

    private static void write(JsonGenerator json, Node node, Object[] row) throws IOException {
        if (node instanceof ObjectNode object) {
            json.writeStartObject();
            for (int i = 0; i < object.keys().size(); i++) {
                json.writeFieldName(object.keys().get(i));
                write(json, object.values().get(i), row);
            }
            json.writeEndObject();
        } else if (node instanceof ArrayNode array) {
            json.writeStartArray();
            for (Node item : array.items()) {
                write(json, item, row);
            }
            json.writeEndArray();
        } else if (node instanceof Exact exact) {
            Object value = value(exact.slot(), row);
            if (exact.slot().placeholder().hint() == TypeHint.FLOAT && value instanceof Double number
                    && Double.isFinite(number)) {
                json.writeNumber(TypeHint.floatText(number));
            } else {
                JsonTableWriter.writeCell(json, value);
            }
        } else if (node instanceof Mixed mixed) {
            StringBuilder text = new StringBuilder();
            for (Object part : mixed.parts()) {
                if (part instanceof String literal) {
                    text.append(literal);
                } else {
                    Slot slot = (Slot) part;
                    Object value = value(slot, row);
                    if (value != null) {
                        text.append(slot.placeholder().hint() == TypeHint.FLOAT && value instanceof Double number
                                ? TypeHint.floatText(number) : CellText.of(value));
                    }
                }
            }
            json.writeString(text.toString());
        } else {
            writeConstant(json, ((Constant) node).value());
        }
    }

    private static Object value(Slot slot, Object[] row) {
        Object cell = slot.index() >= 0 ? row[slot.index()] : null;
        return slot.placeholder().resolve(cell, 'T');
    }

    private static void writeConstant(JsonGenerator json, JsonNode value) throws IOException {
        if (value.isTextual()) {
            json.writeString(value.textValue());
        } else if (value.isBoolean()) {
            json.writeBoolean(value.booleanValue());
        } else if (value.isIntegralNumber()) {
            json.writeNumber(value.bigIntegerValue());
        } else if (value.isBigDecimal()) {
            json.writeNumber(value.decimalValue());
        } else if (value.isNumber()) {
            json.writeNumber(value.doubleValue());
        } else {
            json.writeNull();
        }
    }
}
