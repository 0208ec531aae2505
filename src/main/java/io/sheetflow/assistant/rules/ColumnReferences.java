package io.sheetflow.assistant.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.assistant.ColumnFacts;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PlannedStep;
import io.sheetflow.assistant.SheetFacts;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that every column a plan's steps name is a header of the file it is read from, and that a
 * {@code bind_file} is a file of the conversation. The columns a step adds (bound columns, mapping targets, an
 * auto-increment column) count as known for the steps after it, which read its output.
 */
final class ColumnReferences {

    private ColumnReferences() {
    }

    static Optional<String> problem(List<PlannedStep> steps, FileFacts input, List<FileFacts> files) {
        Set<String> known = columns(input);
        boolean checkInput = !known.isEmpty(); // no facts (unreadable file): nothing to check against
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep step = steps.get(i);
            JsonNode a = step.arguments();
            String where = "step " + (i + 1) + " (" + step.operation() + ")";
            FileFacts bind = null;
            if (a.path("bind_file").isTextual() && !a.get("bind_file").asText().isBlank()) {
                String nameOrId = a.get("bind_file").asText();
                bind = files.stream().filter(f -> f.id().equals(nameOrId) || f.name().equals(nameOrId)).findFirst()
                        .orElse(null);
                if (bind == null) {
                    return Optional.of(where + ": unknown bind_file '" + nameOrId + "'");
                }
            }
            List<String> fromInput = new ArrayList<>();
            List<String> fromBind = new ArrayList<>();
            texts(a.get("columns"), fromInput);
            texts(a.get("comparison_columns"), fromInput);
            texts(a.get("comparison_column"), fromInput);
            texts(a.get("bind_columns"), fromBind);
            for (JsonNode condition : a.path("conditions")) {
                texts(condition.get("column"), fromInput);
            }
            for (JsonNode normalization : a.path("normalizations")) {
                texts(normalization.get("column_name"), fromInput);
            }
            for (JsonNode source : a.path("column_mapping")) {
                texts(source, bind == null ? fromInput : fromBind); // files/bind maps target <- bind-file column
            }
            for (JsonNode rule : a.path("mapping")) {
                texts(rule.isObject() ? rule.get("source") : rule, fromInput);
            }
            if (checkInput) {
                Optional<String> unknown = unknown(fromInput, known, where, input.name());
                if (unknown.isPresent()) {
                    return unknown;
                }
            }
            if (bind != null && !columns(bind).isEmpty()) {
                Optional<String> unknown = unknown(fromBind, columns(bind), where, bind.name());
                if (unknown.isPresent()) {
                    return unknown;
                }
            }
            known.addAll(fromBind);
            keys(a.get("mapping"), known);
            if (bind != null) {
                keys(a.get("column_mapping"), known);
            }
            texts(a.path("auto_increment").get("column_name"), known);
        }
        return Optional.empty();
    }

    private static Optional<String> unknown(List<String> named, Set<String> known, String where, String fileName) {
        for (String column : named) {
            if (!known.contains(column)) {
                return Optional.of(where + ": unknown column '" + column + "' (the columns of " + fileName + " are "
                        + String.join(", ", known) + ")");
            }
        }
        return Optional.empty();
    }

    private static Set<String> columns(FileFacts file) {
        Set<String> columns = new LinkedHashSet<>();
        for (SheetFacts sheet : file.sheets()) {
            for (ColumnFacts column : sheet.columns()) {
                columns.add(column.name());
            }
        }
        return columns;
    }

    private static void texts(JsonNode node, java.util.Collection<String> into) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            into.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(item -> texts(item, into));
        }
    }

    private static void keys(JsonNode node, Set<String> into) {
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                into.add(it.next().getKey());
            }
        }
    }
}
