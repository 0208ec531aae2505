package io.sheetflow.operation.rest;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface StatelessOutputRepository extends CrudRepository<StatelessOutput, UUID> {

    Optional<StatelessOutput> findByIdAndOwner(UUID id, String owner);

    List<StatelessOutput> findTop500ByExpiresAtLessThan(Instant now);
}
