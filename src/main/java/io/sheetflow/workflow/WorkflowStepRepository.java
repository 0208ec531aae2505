package io.sheetflow.workflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkflowStepRepository extends CrudRepository<WorkflowStep, UUID> {

    List<WorkflowStep> findByRunIdOrderByStepIndex(UUID runId);

    List<WorkflowStep> findByRunIdInOrderByStepIndex(List<UUID> runIds);

    @Query("UPDATE workflow_step SET status = 'RUNNING', input_file_id = :inputFileId, started_at = :now WHERE id = :id")
    void start(UUID id, @Nullable UUID inputFileId, Instant now);

    @Query("UPDATE workflow_step SET progress = :progress, rows_done = :rowsDone, rows_total = :rowsTotal WHERE id = :id")
    void progress(UUID id, int progress, @Nullable Long rowsDone, @Nullable Long rowsTotal);

    @Query("UPDATE workflow_step SET status = :status, progress = :progress, output_file_ids = :outputFileIds, result = :result, error = :error, finished_at = :now WHERE id = :id")
    void finish(UUID id, String status, int progress, @Nullable String outputFileIds, @Nullable String result,
                @Nullable String error, Instant now);

    @Query("UPDATE workflow_step SET status = :status, error = :error, finished_at = :now WHERE run_id = :runId AND status IN ('PENDING', 'RUNNING')")
    void finishOpenSteps(UUID runId, String status, @Nullable String error, Instant now);
}
