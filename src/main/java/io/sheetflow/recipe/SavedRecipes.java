package io.sheetflow.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.security.Caller;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A user's saved recipes: only their owner sees them (anyone else gets 404). */
@Singleton
public class SavedRecipes {
    private static final int MAX_NAME = 200;
    private final SavedRecipeRepository repository;
    private final RecipeFormat format;

    public SavedRecipes(SavedRecipeRepository repository, RecipeFormat format) {
        this.repository = repository;
        this.format = format;
    }

    /** A saved recipe as answered: its name and its document. */
    public record View(UUID id, String name, Instant createdAt, RecipeDocument document) {
    }

    /** Validates the document (with an optional {@code name} beside its fields) and stores it. */
    public View save(Caller caller, JsonNode body) {
        RecipeDocument document = format.read(body, "", Set.of("name"));
        JsonNode name = body.get("name");
        if (name != null && !name.isNull() && (!name.isTextual() || name.textValue().length() > MAX_NAME)) {
            throw ApiException.invalid("name", "name must be text of at most " + MAX_NAME + " characters");
        }
        String chosen = name == null || name.isNull() || name.textValue().isBlank() ? document.title()
                : name.textValue().strip();
        SavedRecipe stored = repository.save(new SavedRecipe(UUID.randomUUID(), caller.userId(), chosen,
                format.write(document), Instant.now()));
        return view(stored);
    }

    public List<View> list(Caller caller) {
        return repository.findByOwnerOrderByCreatedAt(caller.userId()).stream().map(this::view).toList();
    }

    public View require(Caller caller, String recipeId) {
        UUID id = ConversationAccess.parseId(recipeId, "Recipe not found");
        return repository.findByIdAndOwner(id, caller.userId()).map(this::view)
                .orElseThrow(() -> ApiException.notFound("Recipe not found"));
    }

    public void delete(Caller caller, String recipeId) {
        UUID id = ConversationAccess.parseId(recipeId, "Recipe not found");
        if (repository.deleteByIdAndOwner(id, caller.userId()) == 0) {
            throw ApiException.notFound("Recipe not found");
        }
    }

    private View view(SavedRecipe recipe) {
        return new View(recipe.id(), recipe.name(), recipe.createdAt(), format.stored(recipe.document()));
    }
}
