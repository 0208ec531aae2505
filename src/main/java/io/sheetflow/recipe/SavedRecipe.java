package io.sheetflow.recipe;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A recipe a user saved: its name and the recipe document (JSON) as validated on import. */
@MappedEntity("recipe")
public record SavedRecipe(@Id UUID id, String owner, String name, String document, Instant createdAt) {
}
