package io.sheetflow.workflow;

import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;

/**
 * Queue figures read from {@code workflow_run}, for the queues whose runs may execute in other processes (the
 * shared queue on one database, SQS on AWS): positions and totals count every instance's runs, so they are the
 * same whichever instance answers.
 */
@Singleton
public class DatabaseQueueFigures {
    private final WorkflowRunRepository runs;

    public DatabaseQueueFigures(WorkflowRunRepository runs) {
        this.runs = runs;
    }

    /** 1-based position among all queued runs, oldest first; empty when the run is not queued. */
    public Optional<Integer> position(UUID runId) {
        long position = runs.queuePosition(runId);
        return position > 0 ? Optional.of((int) position) : Optional.empty();
    }

    /** Queued runs of every instance. */
    public long waiting() {
        return runs.countByStatus(RunStatus.QUEUED);
    }

    /** Queued and running runs of every instance; {@code maxConcurrent} is the asking process's own. */
    public RunQueue.QueueStats stats(int maxConcurrent) {
        return new RunQueue.QueueStats((int) waiting(), (int) runs.countByStatus(RunStatus.RUNNING), maxConcurrent);
    }
}
