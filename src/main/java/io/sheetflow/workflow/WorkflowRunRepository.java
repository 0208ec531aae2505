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

    /**
     * Claims a queued run for execution, for a worker and until its lease ends; returns 1 only for the one
     * caller that wins, so a run handed out twice executes once.
     */
    @Query("UPDATE workflow_run SET status = 'RUNNING', started_at = :now, claimed_by = :worker, claimed_at = :now, "
            + "lease_until = :leaseUntil WHERE id = :id AND status = 'QUEUED' AND cancel_requested = FALSE")
    int claim(UUID id, String worker, Instant now, Instant leaseUntil);

    /** Ends a run whose worker is gone: still running with its lease expired before {@code expiredBefore}. */
    @Query("UPDATE workflow_run SET status = 'FAILED', error = :error, finished_at = :now WHERE id = :id "
            + "AND status = 'RUNNING' AND (lease_until < :expiredBefore OR (lease_until IS NULL AND started_at < :expiredBefore))")
    int failIfLeaseExpired(UUID id, String error, Instant expiredBefore, Instant now);

    @Query("SELECT * FROM workflow_run WHERE status = 'RUNNING' "
            + "AND (lease_until < :expiredBefore OR (lease_until IS NULL AND started_at < :expiredBefore)) ORDER BY created_at LIMIT :limit")
    List<WorkflowRun> findLeaseExpired(Instant expiredBefore, int limit);

    @Query("UPDATE workflow_run SET status = 'FAILED', error = :error, finished_at = :now WHERE id = :id AND status = 'QUEUED'")
    int failIfQueued(UUID id, String error, Instant now);

    long countByStatus(RunStatus status);

    /** 1-based position among queued runs (oldest first), or 0 when the run is not queued. */
    @Query("SELECT COUNT(*) FROM workflow_run w, workflow_run r WHERE r.id = :id AND r.status = 'QUEUED' "
            + "AND w.status = 'QUEUED' AND (w.created_at < r.created_at OR (w.created_at = r.created_at AND w.id <= r.id))")
    long queuePosition(UUID id);

    /**
     * Ends a running run. Conditional, so a late finisher cannot overwrite an end another component already
     * recorded (a sweep that failed an expired lease, the start-up recovery).
     *
     * @return 1 when this call ended the run
     */
    @Query("UPDATE workflow_run SET status = :status, error = :error, finished_at = :now WHERE id = :id AND status = 'RUNNING'")
    int finish(UUID id, String status, @Nullable String error, Instant now);

    /** Extends the lease of a run this worker still holds (the shared queue renews while a run executes). */
    @Query("UPDATE workflow_run SET lease_until = :leaseUntil WHERE id = :id AND status = 'RUNNING' AND claimed_by = :worker")
    int renewLease(UUID id, String worker, Instant leaseUntil);

    @Query("SELECT cancel_requested FROM workflow_run WHERE id = :id")
    Optional<Boolean> findCancelRequestedById(UUID id);

    @Query("UPDATE workflow_run SET cancel_requested = TRUE WHERE id = :id")
    void requestCancel(UUID id);

    @Query("UPDATE workflow_run SET status = 'CANCELLED', finished_at = :now, cancel_requested = TRUE WHERE id = :id AND status = 'QUEUED'")
    int cancelIfQueued(UUID id, Instant now);
}
