package io.sheetflow.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * {@code {"steps":[{"operation": "...", "arguments": {...}}], "input_file": "name or id"}}, or instead of the steps
 * a recipe ({@code recipe} inline or a saved {@code recipe_id}) with an optional {@code column_map}
 * {@code {recipe column: file column}}, expanded into steps before the run is accepted.
 */
public record ExecuteRequest(@Nullable List<StepRequest> steps, @Nullable String inputFile,
                             @Nullable JsonNode recipe, @Nullable String recipeId,
                             @Nullable Map<String, String> columnMap) {

    public ExecuteRequest(@Nullable List<StepRequest> steps, @Nullable String inputFile) {
        this(steps, inputFile, null, null, null);
    }

    public boolean namesRecipe() {
        return recipe != null && !recipe.isNull() || recipeId != null;
    }

    public record StepRequest(@Nullable String operation, @Nullable JsonNode arguments) {
    }
}
