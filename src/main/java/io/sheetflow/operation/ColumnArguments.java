package io.sheetflow.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The column names in a step's JSON arguments, found through the {@link ColumnArgument} declarations of the
 * operation's arguments record (nested records and lists of records included), and renamed through them.
 */
public final class ColumnArguments {
    private static final int MAX_DEPTH = 5;

    private ColumnArguments() {
    }

    /** One column name found in the arguments, with the argument path it was found at. */
    public record ColumnReference(String path, String column, ColumnArgument.Table table) {
    }

    /** Every column named in {@code arguments}, in document order. */
    public static List<ColumnReference> find(Class<?> argumentsType, JsonNode arguments) {
        List<ColumnReference> found = new ArrayList<>();
        walk(argumentsType, arguments, "", 0, reference -> {
            found.add(reference);
            return null;
        });
        return found;
    }

    /**
     * A copy of {@code arguments} with each column name of a table that {@code rename} answers for replaced by its
     * answer ({@code null}: keep the name). Key order of renamed objects is kept.
     */
    public static JsonNode rename(Class<?> argumentsType, JsonNode arguments, Function<ColumnReference, String> rename) {
        JsonNode copy = arguments == null ? null : arguments.deepCopy();
        walk(argumentsType, copy, "", 0, rename);
        return copy;
    }

    /** The components of an arguments record by their JSON names (empty for a non-record). */
    public static Map<String, RecordComponent> components(Class<?> type) {
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                byName.put(ArgumentSchemas.jsonName(component), component);
            }
        }
        return byName;
    }

    /** The record a component holds, itself or as the items of a list; {@code null} when neither. */
    public static Class<?> nestedRecord(RecordComponent component) {
        Class<?> raw = component.getType();
        if (raw.isRecord()) {
            return raw;
        }
        if (Collection.class.isAssignableFrom(raw) && component.getGenericType() instanceof ParameterizedType p) {
            Type item = p.getActualTypeArguments()[0];
            if (item instanceof Class<?> c && c.isRecord()) {
                return c;
            }
        }
        return null;
    }

    private static void walk(Class<?> type, JsonNode node, String prefix, int depth, Function<ColumnReference, String> visitor) {
        if (node == null || !node.isObject() || depth > MAX_DEPTH) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        for (Map.Entry<String, RecordComponent> entry : components(type).entrySet()) {
            String name = entry.getKey();
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            String path = prefix + name;
            RecordComponent component = entry.getValue();
            for (ColumnArgument declaration : component.getAnnotationsByType(ColumnArgument.class)) {
                visit(object, name, path, declaration, visitor);
            }
            Class<?> nested = nestedRecord(component);
            if (nested != null && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    walk(nested, value.get(i), path + "[" + i + "].", depth + 1, visitor);
                }
            } else if (nested != null) {
                walk(nested, value, path + ".", depth + 1, visitor);
            }
        }
    }

    private static void visit(ObjectNode holder, String name, String path, ColumnArgument declaration, Function<ColumnReference, String> visitor) {
        JsonNode value = holder.get(name);
        ColumnArgument.Table table = declaration.table();
        switch (declaration.value()) {
            case NAME -> {
                if (value.isTextual()) {
                    String renamed = visitor.apply(new ColumnReference(path, value.textValue(), table));
                    if (renamed != null) {
                        holder.set(name, TextNode.valueOf(renamed));
                    }
                }
            }
            case NAMES -> {
                if (value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        if (value.get(i).isTextual()) {
                            String renamed = visitor.apply(new ColumnReference(path + "[" + i + "]",
                                    value.get(i).textValue(), table));
                            if (renamed != null) {
                                ((ArrayNode) value).set(i, TextNode.valueOf(renamed));
                            }
                        }
                    }
                }
            }
            case KEYS -> {
                if (value.isObject()) {
                    ObjectNode renamedObject = holder.objectNode();
                    boolean changed = false;
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = it.next();
                        String renamed = visitor.apply(new ColumnReference(path + "." + field.getKey(),
                                field.getKey(), table));
                        changed |= renamed != null;
                        renamedObject.set(renamed != null ? renamed : field.getKey(), field.getValue());
                    }
                    if (changed) {
                        holder.set(name, renamedObject);
                    }
                }
            }
            case VALUES, MAPPING_SOURCES -> {
                if (value.isObject()) {
                    ObjectNode object = (ObjectNode) value;
                    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = it.next();
                        JsonNode rule = field.getValue();
                        String fieldPath = path + "." + field.getKey();
                        if (rule.isTextual()) {
                            String renamed = visitor.apply(new ColumnReference(fieldPath, rule.textValue(), table));
                            if (renamed != null) {
                                field.setValue(TextNode.valueOf(renamed));
                            }
                        } else if (declaration.value() == ColumnArgument.Shape.MAPPING_SOURCES && rule.isObject()
                                && rule.path("source").isTextual()) {
                            String renamed = visitor.apply(new ColumnReference(fieldPath + ".source",
                                    rule.get("source").textValue(), table));
                            if (renamed != null) {
                                ((ObjectNode) rule).set("source", TextNode.valueOf(renamed));
                            }
                        }
                    }
                }
            }
        }
    }
}
