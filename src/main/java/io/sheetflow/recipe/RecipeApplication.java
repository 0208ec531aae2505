package io.sheetflow.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpStatus;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.file.FilePreview;
import io.sheetflow.file.StoredFile;
import io.sheetflow.security.Caller;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.WorkflowService;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A recipe against a file of a conversation: what it lacks, and the recipe as steps to execute. */
@Singleton
public class RecipeApplication {
    private final RecipeFormat format;
    private final RecipeColumns columns;
    private final SavedRecipes saved;
    private final WorkflowService workflows;
    private final FilePreview preview;

    public RecipeApplication(RecipeFormat format, RecipeColumns columns, SavedRecipes saved,
                             WorkflowService workflows, FilePreview preview) {
        this.format = format;
        this.columns = columns;
        this.saved = saved;
        this.workflows = workflows;
        this.preview = preview;
    }

    /**
     * What a check answers: {@code missing} the required columns (after {@code column_map}) the file lacks,
     * {@code suggestions} for them among the file's other columns.
     */
    public record Check(boolean ok, List<String> missing, Map<String, String> suggestions,
                        RecipeDocument.Requirements requires, Map<String, String> columnMap,
                        String inputFileId, String inputFile, List<String> fileColumns) {
    }

    /** The recipe given inline ({@code recipe}) or saved ({@code recipe_id}): exactly one of them. */
    public RecipeDocument resolve(Caller caller, JsonNode inline, String recipeId) {
        boolean hasInline = inline != null && !inline.isNull();
        if (hasInline == (recipeId != null)) {
            throw ApiException.invalid("recipe", "Give either recipe (a recipe document) or recipe_id, not "
                    + (hasInline ? "both" : "neither"));
        }
        return hasInline ? format.read(inline, "recipe", Set.of()) : saved.require(caller, recipeId).document();
    }

    public Check check(Conversation conversation, RecipeDocument recipe, String inputFile, Map<String, String> columnMap) {
        StoredFile input = workflows.resolveInput(conversation, inputFile);
        Map<String, String> map = validMap(recipe, columnMap);
        List<String> header = header(input, recipe.requires().sheetName());
        List<String> missing = new ArrayList<>();
        Set<String> satisfied = new HashSet<>();
        for (String column : recipe.requires().columns()) {
            String wanted = map.getOrDefault(column, column);
            if (header.contains(wanted)) {
                satisfied.add(wanted);
            } else {
                missing.add(column);
            }
        }
        List<String> candidates = header.stream().filter(c -> !satisfied.contains(c)).toList();
        return new Check(missing.isEmpty(), missing, ColumnSuggestions.suggest(missing, candidates),
                recipe.requires(), map, input.id().toString(), input.displayName(), header);
    }

    /**
     * {@code request} itself when it names no recipe; else the recipe's steps, renamed through its
     * {@code column_map}, on its input file.
     *
     * @throws ApiException 422 naming the required columns the file lacks (nothing is recorded)
     */
    public ExecuteRequest expand(Caller caller, Conversation conversation, ExecuteRequest request) {
        if (request == null || !request.namesRecipe()) {
            if (request != null && request.columnMap() != null) {
                throw ApiException.invalid("column_map", "column_map applies to a recipe: give recipe or recipe_id");
            }
            return request;
        }
        if (request.steps() != null) {
            throw ApiException.invalid("steps", "Give either steps or a recipe, not both");
        }
        RecipeDocument recipe = resolve(caller, request.recipe(), request.recipeId());
        Check check = check(conversation, recipe, request.inputFile(), request.columnMap());
        if (!check.ok()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("field", "column_map");
            details.put("missing", check.missing());
            details.put("suggestions", check.suggestions());
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "RecipeColumnsMissing", "The file '"
                    + check.inputFile() + "' lacks columns the recipe needs: " + String.join(", ", check.missing())
                    + suggestionText(check.suggestions()) + ". Map them with column_map {recipe column: file column}",
                    details);
        }
        return new ExecuteRequest(columns.renamed(recipe.steps(), check.columnMap()), check.inputFileId());
    }

    private static String suggestionText(Map<String, String> suggestions) {
        if (suggestions.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        suggestions.forEach((missing, real) -> pairs.add("'" + missing + "' -> '" + real + "'"));
        return " (closest columns of the file: " + String.join(", ", pairs) + ")";
    }

    private static Map<String, String> validMap(RecipeDocument recipe, Map<String, String> columnMap) {
        if (columnMap == null) {
            return Map.of();
        }
        for (Map.Entry<String, String> entry : columnMap.entrySet()) {
            if (!recipe.requires().columns().contains(entry.getKey())) {
                throw ApiException.invalid("column_map." + entry.getKey(), "column_map names '" + entry.getKey()
                        + "', which the recipe does not require. Required: "
                        + String.join(", ", recipe.requires().columns()));
            }
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                throw ApiException.invalid("column_map." + entry.getKey(), "column_map: the file column for '"
                        + entry.getKey() + "' is missing");
            }
        }
        return Map.copyOf(columnMap);
    }

    private List<String> header(StoredFile input, String sheetName) {
        try {
            return preview.readTable(input, sheetName, (reader, tableFormat) -> List.copyOf(reader.header()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
