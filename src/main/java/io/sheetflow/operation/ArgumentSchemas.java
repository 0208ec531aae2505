package io.sheetflow.operation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON Schemas of operation arguments, derived from the argument records (the same types the registry binds
 * strictly, so the schema and the validation cannot drift apart). Unknown properties are not allowed.
 */
public final class ArgumentSchemas {
    private ArgumentSchemas() {
    }

    public static Map<String, Object> of(Class<?> argumentsType) {
        return objectSchema(argumentsType, 0);
    }

    private static Map<String, Object> objectSchema(Class<?> type, int depth) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        if (type.isRecord() && depth < 5) {
            for (RecordComponent component : type.getRecordComponents()) {
                properties.put(jsonName(component), schemaOf(component.getGenericType(), depth + 1));
            }
        }
        schema.put("properties", properties);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** A record component's JSON name: its {@code @JsonProperty} name, else its name in snake_case. */
    public static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAnnotation(JsonProperty.class);
        if (property == null && component.getAccessor().getAnnotation(JsonProperty.class) != null) {
            property = component.getAccessor().getAnnotation(JsonProperty.class);
        }
        return property != null && !property.value().isEmpty() ? property.value() : snake(component.getName());
    }

    private static Map<String, Object> schemaOf(Type type, int depth) {
        Map<String, Object> schema = new LinkedHashMap<>();
        Class<?> raw = raw(type);
        if (raw == String.class || raw == Character.class) {
            schema.put("type", "string");
        } else if (raw == Boolean.class || raw == boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class
                || raw == Short.class || raw == short.class) {
            schema.put("type", "integer");
        } else if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            schema.put("type", "number");
        } else if (raw == LocalDate.class) {
            schema.put("type", "string");
            schema.put("format", "date");
        } else if (raw == LocalDateTime.class) {
            schema.put("type", "string");
            schema.put("format", "date-time");
        } else if (raw.isEnum()) {
            schema.put("type", "string");
            schema.put("enum", java.util.Arrays.stream(raw.getEnumConstants()).map(Object::toString).toList());
        } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            schema.put("type", "array");
            Type item = raw.isArray() ? raw.getComponentType() : typeArgument(type, 0);
            schema.put("items", item == null ? Map.of() : schemaOf(item, depth + 1));
        } else if (Map.class.isAssignableFrom(raw)) {
            schema.put("type", "object");
            Type value = typeArgument(type, 1);
            if (value != null && raw(value) != Object.class) {
                schema.put("additionalProperties", schemaOf(value, depth + 1));
            }
        } else if (raw.isRecord()) {
            return objectSchema(raw, depth);
        } else if (raw == JsonNode.class || raw == Object.class) {
            return schema; // any JSON value
        } else {
            schema.put("type", "object");
        }
        return schema;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return null;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
