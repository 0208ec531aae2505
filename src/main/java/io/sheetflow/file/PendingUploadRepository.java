package io.sheetflow.file;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PendingUploadRepository extends CrudRepository<PendingUpload, UUID> {

    Optional<PendingUpload> findByIdAndConversationId(UUID id, UUID conversationId);

    /** Claims a pending upload for completion; 0 when another request completed it first. */
    @Query("UPDATE pending_upload SET completed_at = :completedAt WHERE id = :id AND completed_at IS NULL")
    int markCompleted(UUID id, Instant completedAt);

    List<PendingUpload> findTop100ByExpiresAtLessThan(Instant now);
}
