package io.sheetflow.workflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkflowRunRepository extends CrudRepository<WorkflowRun, UUID> {

    Optional<WorkflowRun> findByIdAndConversationId(UUID id, UUID conversationId);

    List<WorkflowRun> findByConversationIdOrderByCreatedAt(UUID conversationId);

    List<WorkflowRun> findByStatusOrderByCreatedAt(RunStatus status);

    @Query("SELECT COUNT(*) FROM workflow_run WHERE owner = :owner AND status IN ('QUEUED', 'RUNNING')")
    long countActiveByOwner(String owner);

    /** Claims a queued run for execution; returns 1 only for the one caller that wins. */
    @Query("UPDATE workflow_run SET status = 'RUNNING', started_at = :now WHERE id = :id AND status = 'QUEUED' AND cancel_requested = FALSE")
    int claim(UUID id, Instant now);

    @Query("UPDATE workflow_run SET status = :status, error = :error, finished_at = :now WHERE id = :id")
    void finish(UUID id, String status, @Nullable String error, Instant now);

    @Query("UPDATE workflow_run SET cancel_requested = TRUE WHERE id = :id")
    void requestCancel(UUID id);

    @Query("UPDATE workflow_run SET status = 'CANCELLED', finished_at = :now, cancel_requested = TRUE WHERE id = :id AND status = 'QUEUED'")
    int cancelIfQueued(UUID id, Instant now);
}
