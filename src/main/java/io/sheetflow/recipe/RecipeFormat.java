package io.sheetflow.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micronaut.context.annotation.Value;
import io.sheetflow.api.ApiException;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.workflow.ExecuteRequest.StepRequest;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes recipe documents. Reading is strict: the version must be one this server knows, every step's
 * operation must exist and its arguments bind as {@code execute} binds them, and unknown top-level fields are
 * refused (a format change that older servers cannot ignore raises the version).
 */
@Singleton
public class RecipeFormat {
    static final String VERSION_FIELD = "sheetflow_recipe";
    private static final Set<String> FIELDS = Set.of(VERSION_FIELD, "title", "steps", "requires");
    private static final int MAX_TITLE = 200;

    private final OperationRegistry operations;
    private final RecipeColumns columns;
    private final ObjectMapper mapper;
    private final int maxSteps;

    public RecipeFormat(OperationRegistry operations, RecipeColumns columns, ObjectMapper mapper,
                        @Value("${sheetflow.runs.max-steps:50}") int maxSteps) {
        this.operations = operations;
        this.columns = columns;
        this.mapper = mapper;
        this.maxSteps = maxSteps;
    }

    /** @throws ApiException 400 when {@code body} is not JSON */
    public JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("The body is empty: send a recipe document (JSON)");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Validates a document and answers it with its requirements computed from its steps.
     *
     * @param field the document's place in the request ({@code recipe}, or empty for a whole body), for messages
     * @param extra top-level fields the caller handles itself (e.g. {@code name})
     * @throws ApiException 422 naming the problem
     */
    public RecipeDocument read(JsonNode document, String field, Set<String> extra) {
        String at = field.isEmpty() ? "" : field + ".";
        String what = field.isEmpty() ? "The recipe" : field;
        if (document == null || !document.isObject()) {
            throw ApiException.invalid(field.isEmpty() ? "recipe" : field, what + " must be a JSON object (a recipe document)");
        }
        JsonNode version = document.get(VERSION_FIELD);
        if (version == null || version.isNull()) {
            throw ApiException.invalid(at + VERSION_FIELD, what + " has no '" + VERSION_FIELD
                    + "' version: it is not a Sheetflow recipe document");
        }
        if (!version.isIntegralNumber() || version.asLong() < 1) {
            throw ApiException.invalid(at + VERSION_FIELD, "'" + VERSION_FIELD + "' must be a whole number from 1, got "
                    + version);
        }
        if (version.asLong() > RecipeDocument.VERSION) {
            throw ApiException.invalid(at + VERSION_FIELD, what + " is format version " + version.asLong()
                    + ", newer than this server reads (up to " + RecipeDocument.VERSION
                    + "): it was written by a newer Sheetflow");
        }
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name) && !extra.contains(name)) {
                throw ApiException.invalid(at + name, "Unknown recipe field '" + name + "'. Known fields: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        }
        JsonNode title = document.get("title");
        if (title != null && !title.isNull() && (!title.isTextual() || title.textValue().length() > MAX_TITLE)) {
            throw ApiException.invalid(at + "title", "title must be text of at most " + MAX_TITLE + " characters");
        }
        JsonNode requires = document.get("requires");
        if (requires != null && !requires.isNull() && !requires.isObject()) {
            throw ApiException.invalid(at + "requires", "requires must be an object");
        }
        List<StepRequest> steps = steps(document.get("steps"), at);
        String titleText = title == null || title.isNull() || title.textValue().isBlank() ? "Untitled recipe"
                : title.textValue().strip();
        return of(titleText, steps);
    }

    /** A document of already-validated steps (a run's), with its requirements. */
    public RecipeDocument of(String title, List<StepRequest> steps) {
        JsonNode sheet = steps.isEmpty() ? null : steps.get(0).arguments().get("sheet_name");
        String sheetName = sheet != null && sheet.isTextual() && !sheet.textValue().isBlank() ? sheet.textValue() : null;
        return new RecipeDocument(RecipeDocument.VERSION, title, steps,
                new RecipeDocument.Requirements(columns.required(steps), sheetName));
    }

    public String write(RecipeDocument document) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A recipe document could not be written", e);
        }
    }

    /** A stored document, written by {@link #write}. */
    public RecipeDocument stored(String json) {
        try {
            return read(mapper.readTree(json), "", Set.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored recipe is not JSON", e);
        }
    }

    private List<StepRequest> steps(JsonNode steps, String at) {
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw ApiException.invalid(at + "steps", "steps must be a non-empty array of {operation, arguments}");
        }
        if (steps.size() > maxSteps) {
            throw ApiException.invalid(at + "steps", "Too many steps: " + steps.size() + " (at most " + maxSteps + ")");
        }
        List<StepRequest> read = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String prefix = at + "steps[" + i + "]";
            int number = i + 1;
            JsonNode step = steps.get(i);
            JsonNode name = step.get("operation");
            if (!step.isObject() || name == null || !name.isTextual() || name.textValue().isBlank()) {
                throw ApiException.invalid(prefix + ".operation", "Step " + (i + 1) + ": operation is required");
            }
            for (Iterator<String> fields = step.fieldNames(); fields.hasNext(); ) {
                String stepField = fields.next();
                if (!stepField.equals("operation") && !stepField.equals("arguments")) {
                    throw ApiException.invalid(prefix + "." + stepField, "Step " + number + ": unknown field '"
                            + stepField + "' (a step has operation and arguments)");
                }
            }
            Operation<?> operation = operations.find(name.textValue().strip()).orElseThrow(() -> ApiException.invalid(
                    prefix + ".operation", "Step " + number + ": unknown operation '" + name.textValue()
                            + "'. Available: " + String.join(", ", operations.names())));
            JsonNode arguments = step.get("arguments");
            if (arguments == null || arguments.isNull()) {
                arguments = JsonNodeFactory.instance.objectNode();
            }
            try {
                operations.bind(operation, arguments);
            } catch (InvalidArgumentException e) {
                throw ApiException.invalid(prefix + ".arguments." + e.field(),
                        "Step " + (i + 1) + " (" + operation.name() + "): " + e.getMessage());
            }
            read.add(new StepRequest(operation.name(), arguments));
        }
        return read;
    }
}
