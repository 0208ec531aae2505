package io.sheetflow.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.sheetflow.workflow.ExecuteRequest.StepRequest;

import java.util.List;

/**
 * A portable workflow: {@code {"sheetflow_recipe": 1, "title", "steps": [...], "requires": {"columns": [...],
 * "sheet_name"?}}}. {@code requires} is always computed from the steps, never taken from a document.
 */
public record RecipeDocument(int sheetflowRecipe, String title, List<StepRequest> steps, Requirements requires) {

    /** The format version this server writes and the newest it reads. */
    public static final int VERSION = 1;

    /** The input columns the steps read (first reader first), and the worksheet the first step reads. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requirements(List<String> columns, @Nullable String sheetName) {
    }
}
