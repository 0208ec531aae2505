package io.sheetflow.assistant.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.assistant.PlannedStep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** One line per step for the suggestion's text: what it does, in words, with the operation's name. */
public final class StepDescriptions {

    private StepDescriptions() {
    }

    public static String describe(String inputName, List<PlannedStep> steps) {
        StringBuilder text = new StringBuilder("Here is what I would do with ").append(inputName).append(":\n");
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep step = steps.get(i);
            text.append(i + 1).append(". ").append(line(step)).append(" (").append(step.operation()).append(")\n");
        }
        return text.append("Shall I run it?").toString();
    }

    /** One step in plain words ("Take the columns email and name"), as the suggestions list it. */
    public static String of(PlannedStep step) {
        return line(step);
    }

    private static String line(PlannedStep step) {
        JsonNode a = step.arguments();
        return switch (step.operation()) {
            case "excel/extract-columns-to-file" -> "Take the columns " + list(a.get("columns"))
                    + (a.path("remove_duplicates").asBoolean() ? ", without duplicate rows" : "");
            case "excel/extract-columns" -> "Show the values" + (a.path("remove_duplicates").asBoolean() ? " (distinct)" : "")
                    + " and statistics of " + list(a.get("columns"));
            case "excel/search", "csv/search" -> "Keep the rows where " + conditions(a) + ", as "
                    + a.path("output_format").asText();
            case "normalization/apply" -> "Normalize: " + normalizations(a);
            case "sql/generate", "sql/generate-to-text" -> "Write " + a.path("database_type").asText()
                    + " INSERT statements into " + a.path("table_name").asText() + " for " + keys(a.get("column_mapping"))
                    + (a.path("remove_duplicates").asBoolean() ? ", without duplicate rows" : "");
            case "sql/generate-custom-to-text" -> "Fill the SQL template " + a.path("template").asText() + " per row";
            case "json/generate" -> "Write the rows as JSON" + (a.has("columns") ? " with " + list(a.get("columns")) : "");
            case "json/generate-with-template" -> "Write one JSON object per row from the template";
            case "excel/bind-single-key", "excel/bind-multi-key" -> "Add " + list(a.get("bind_columns")) + " from "
                    + a.path("bind_file").asText() + ", matching rows on "
                    + (a.has("comparison_column") ? a.get("comparison_column").asText() : list(a.get("comparison_columns")));
            case "files/bind", "files/bind/preview" -> (step.operation().endsWith("preview") ? "Preview filling " : "Fill ")
                    + keys(a.get("column_mapping")) + " by position from " + a.path("bind_file").asText();
            case "excel/map-columns" -> "Rename columns: " + renames(a.get("mapping"));
            case "csv/convert-to-excel" -> "Convert to Excel";
            case "excel/convert-to-csv" -> "Convert to CSV";
            case "excel/info", "csv/info" -> "Describe the file: rows, columns and their types";
            case "excel/search/suggest-operators" -> "List the search operators that suit each column";
            default -> step.operation();
        };
    }

    private static String list(JsonNode array) {
        List<String> names = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> names.add(n.asText()));
        }
        return String.join(", ", names);
    }

    private static String keys(JsonNode object) {
        List<String> names = new ArrayList<>();
        if (object != null) {
            object.fields().forEachRemaining(e -> names.add(e.getValue().asText()));
        }
        return String.join(", ", names);
    }

    private static String renames(JsonNode mapping) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(e.getValue().asText())) {
                parts.add(e.getValue().asText() + " to " + e.getKey());
            }
        }
        return String.join(", ", parts);
    }

    private static String conditions(JsonNode a) {
        List<String> parts = new ArrayList<>();
        for (JsonNode c : a.path("conditions")) {
            parts.add(c.path("column").asText() + " " + c.path("operator").asText().replace('_', ' ')
                    + (c.has("value") ? " " + c.get("value") : ""));
        }
        return String.join(" " + a.path("logic").asText().toLowerCase() + " ", parts);
    }

    private static String normalizations(JsonNode a) {
        List<String> parts = new ArrayList<>();
        for (JsonNode n : a.path("normalizations")) {
            parts.add(n.path("normalization_type").asText() + " on " + n.path("column_name").asText());
        }
        return String.join(", ", parts);
    }
}
