package io.sheetflow.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The written requests of {@code src/test/resources/assistant/corpus}: shared file facts ({@code files.json}) and
 * one file of cases per category, each with the files it is asked about, the request, an optional follow-up
 * answer, and the exact outcome expected.
 */
final class PlannerCorpus {
    static final List<String> CATEGORIES = List.of("extract", "search", "normalize", "sql", "json", "bind",
            "convert", "info", "multi-step", "questions", "refusals", "unseen");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: {@code expect} describes the outcome of {@code text}, or of {@code answer} when one is given. */
    record Case(String category, String id, List<String> files, String text, String answer, JsonNode expect) {
    }

    private PlannerCorpus() {
    }

    static Map<String, FileFacts> files() {
        JsonNode all = read("files.json");
        Map<String, FileFacts> files = new TreeMap<>();
        int n = 0;
        for (var it = all.fields(); it.hasNext(); ) {
            var entry = it.next();
            JsonNode file = entry.getValue();
            List<SheetFacts> sheets = new ArrayList<>();
            for (JsonNode sheet : file.path("sheets")) {
                List<ColumnFacts> columns = new ArrayList<>();
                for (JsonNode column : sheet.path("columns")) {
                    List<String> samples = new ArrayList<>();
                    column.path("samples").forEach(s -> samples.add(s.asText()));
                    columns.add(new ColumnFacts(column.path("name").asText(), column.path("type").asText(), samples));
                }
                sheets.add(new SheetFacts(sheet.path("name").isNull() ? null : sheet.path("name").asText(), columns,
                        sheet.path("rows").asLong()));
            }
            // Ids and times are stable, the order of upload that of the file (later files are newer).
            files.put(entry.getKey(), new FileFacts("00000000-0000-0000-0000-00000000000" + (++n), entry.getKey(),
                    file.path("kind").asText(), file.path("format").asText(), sheets,
                    Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * n)));
        }
        return files;
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String category : CATEGORIES) {
            for (JsonNode c : read(category + ".json")) {
                List<String> names = new ArrayList<>();
                c.path("files").forEach(f -> names.add(f.asText()));
                cases.add(new Case(category, c.path("id").asText(), names, c.path("text").asText(),
                        c.hasNonNull("answer") ? c.path("answer").asText() : null, c.path("expect")));
            }
        }
        return cases;
    }

    /** An outcome in the corpus's terms, to compare with {@code expect} and to print when they differ. */
    static ObjectNode describe(PlanOutcome outcome, Map<String, FileFacts> byName) {
        ObjectNode out = JSON.createObjectNode();
        if (outcome instanceof PlanOutcome.Suggestion s) {
            out.put("kind", "suggestion");
            out.put("input", byName.values().stream().filter(f -> f.id().equals(s.inputFileId()))
                    .map(FileFacts::name).findFirst().orElse(s.inputFileId()));
            ArrayNode steps = out.putArray("steps");
            for (PlannedStep step : s.steps()) {
                ObjectNode st = steps.addObject();
                st.put("operation", step.operation());
                st.set("arguments", step.arguments() == null ? JSON.createObjectNode() : step.arguments());
            }
        } else if (outcome instanceof PlanOutcome.Question q) {
            out.put("kind", "question");
            out.put("text", q.text());
        } else {
            out.put("kind", "not_understood");
            out.put("text", outcome.text());
        }
        return out;
    }

    private static JsonNode read(String name) {
        try (InputStream in = PlannerCorpus.class.getResourceAsStream("/assistant/corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
