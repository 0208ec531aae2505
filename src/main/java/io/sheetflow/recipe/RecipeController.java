package io.sheetflow.recipe;

import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.security.CallerResolver;

import java.util.List;

/** A user's saved recipes (see docs/recipes.md). */
@Controller(Links.API + "/recipes")
@Tag(name = "recipes")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class RecipeController {
    private final SavedRecipes recipes;
    private final RecipeFormat format;
    private final CallerResolver callers;
    private final Envelopes envelopes;

    public RecipeController(SavedRecipes recipes, RecipeFormat format, CallerResolver callers, Envelopes envelopes) {
        this.recipes = recipes;
        this.format = format;
        this.callers = callers;
        this.envelopes = envelopes;
    }

    /** {@code GET /api/v1/recipes}: the caller's saved recipes. */
    public record RecipeList(List<SavedRecipes.View> recipes, int count) {
    }

    /** The answer to a recipe's deletion. */
    public record DeletedRecipe(String recipeId) {
    }

    /** The body is a recipe document, optionally with a {@code name} (default: its title). */
    @Operation(operationId = "saveRecipe")
    @Post
    @Status(HttpStatus.CREATED)
    public HttpResponse<ApiResponse<SavedRecipes.View>> save(HttpRequest<?> request, @Nullable @Body String body) {
        SavedRecipes.View saved = recipes.save(callers.resolve(request), format.parse(body));
        return envelopes.created(saved, "Recipe saved");
    }

    @Operation(operationId = "listRecipes")
    @Get
    public HttpResponse<ApiResponse<RecipeList>> list(HttpRequest<?> request) {
        List<SavedRecipes.View> all = recipes.list(callers.resolve(request));
        return envelopes.ok(new RecipeList(all, all.size()), "Recipes retrieved successfully", all.size());
    }

    @Operation(operationId = "getRecipe")
    @Get("/{recipeId}")
    public HttpResponse<ApiResponse<SavedRecipes.View>> get(HttpRequest<?> request, @PathVariable String recipeId) {
        return envelopes.ok(recipes.require(callers.resolve(request), recipeId), "Recipe retrieved successfully");
    }

    @Operation(operationId = "deleteRecipe")
    @Delete("/{recipeId}")
    public HttpResponse<ApiResponse<DeletedRecipe>> delete(HttpRequest<?> request, @PathVariable String recipeId) {
        recipes.delete(callers.resolve(request), recipeId);
        return envelopes.ok(new DeletedRecipe(recipeId), "Recipe deleted");
    }
}
