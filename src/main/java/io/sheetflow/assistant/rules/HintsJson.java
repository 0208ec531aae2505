package io.sheetflow.assistant.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@link Hints} to and from the pending plan's {@code slots}, so a question survives a restart. */
final class HintsJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HintsJson() {
    }

    static ObjectNode write(Hints hints) {
        ObjectNode node = JSON.objectNode();
        if (hints.inputFileId() != null) {
            node.put("input_file_id", hints.inputFileId());
        }
        if (hints.bindFileId() != null) {
            node.put("bind_file_id", hints.bindFileId());
        }
        if (!hints.corrections().isEmpty()) {
            ObjectNode corrections = node.putObject("corrections");
            new java.util.TreeMap<>(hints.corrections()).forEach(corrections::put);
        }
        if (hints.columns() != null) {
            node.set("columns", array(hints.columns()));
        }
        if (hints.keyColumns() != null) {
            node.set("key_columns", array(hints.keyColumns()));
        }
        if (hints.tableName() != null) {
            node.put("table_name", hints.tableName());
        }
        if (hints.format() != null) {
            node.put("format", hints.format());
        }
        return node;
    }

    static Hints read(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Hints.NONE;
        }
        Map<String, String> corrections = new HashMap<>();
        JsonNode c = node.get("corrections");
        if (c != null && c.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                corrections.put(e.getKey(), e.getValue().asText());
            }
        }
        return new Hints(text(node, "input_file_id"), text(node, "bind_file_id"), corrections, list(node.get("columns")),
                list(node.get("key_columns")), text(node, "table_name"), text(node, "format"));
    }

    static ArrayNode array(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    static List<String> list(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
