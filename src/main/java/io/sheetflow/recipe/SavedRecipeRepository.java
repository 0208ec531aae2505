package io.sheetflow.recipe;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SavedRecipeRepository extends CrudRepository<SavedRecipe, UUID> {

    List<SavedRecipe> findByOwnerOrderByCreatedAt(String owner);

    Optional<SavedRecipe> findByIdAndOwner(UUID id, String owner);

    long countByOwner(String owner);

    int deleteByIdAndOwner(UUID id, String owner);
}
