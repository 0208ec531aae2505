package io.sheetflow.operation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.api.ApiException;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the text fields of a multipart form into an operation's JSON arguments, guided by the arguments' JSON
 * Schema: arrays and objects are JSON text ({@code columns=["a","b"]}), booleans accept true/false/1/0/yes/no,
 * numbers are parsed, everything else stays text. Blank fields count as absent, as in Pycelize. Unknown
 * fields are passed through so that strict binding names them.
 */
final class FormArguments {
    private final ObjectMapper mapper;

    FormArguments(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode toArguments(Map<String, String> fields, Map<String, Object> schema) {
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        fields.forEach((name, raw) -> {
            if (raw == null || raw.isBlank()) {
                return;
            }
            Object property = properties.get(name);
            String type = property instanceof Map<?, ?> p && p.get("type") instanceof String t ? t : null;
            arguments.set(name, convert(name, raw.strip(), type));
        });
        return arguments;
    }

    private JsonNode convert(String name, String raw, String type) {
        if (type == null) {
            // Any JSON value (or an unknown field): JSON when it parses as JSON, else the text itself.
            return raw.startsWith("{") || raw.startsWith("[") ? json(name, raw, "JSON") : JsonNodeFactory.instance.textNode(raw);
        }
        return switch (type) {
            case "array" -> json(name, raw, "a JSON array");
            case "object" -> json(name, raw, "a JSON object");
            case "boolean" -> JsonNodeFactory.instance.booleanNode(bool(name, raw));
            case "integer", "number" -> number(name, raw);
            default -> JsonNodeFactory.instance.textNode(raw);
        };
    }

    private JsonNode json(String name, String raw, String expected) {
        try {
            return mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(name, "Field '" + name + "' must be " + expected + ": " + e.getOriginalMessage());
        }
    }

    private static boolean bool(String name, String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw ApiException.invalid(name, "Field '" + name + "' must be true or false, not '" + raw + "'");
        };
    }

    private static JsonNode number(String name, String raw) {
        try {
            return raw.matches("-?\\d{1,18}") ? JsonNodeFactory.instance.numberNode(Long.parseLong(raw))
                    : JsonNodeFactory.instance.numberNode(new BigDecimal(raw));
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "Field '" + name + "' must be a number, not '" + raw + "'");
        }
    }
}
