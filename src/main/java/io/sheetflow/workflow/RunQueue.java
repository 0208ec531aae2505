package io.sheetflow.workflow;

import java.util.Optional;
import java.util.UUID;

/** Hands workflow runs to whatever executes them (in-process workers locally, a queue on AWS). */
public interface RunQueue {

    /** Queues a run that is persisted with status QUEUED. Returns its 1-based position, when known. */
    Optional<Integer> submit(UUID runId);

    /** 1-based position among runs waiting to start, if the run is waiting here. */
    Optional<Integer> position(UUID runId);

    /** Removes a waiting run; true when it was still waiting. */
    boolean remove(UUID runId);

    /**
     * A cancel of the run was recorded (its {@code cancel_requested} flag is set): a queue whose runs may execute
     * in another process tells that process, which stops the run at its next progress check.
     */
    default void cancelRequested(UUID runId) {
    }

    /** Counts for the stats endpoint. */
    QueueStats stats();

    record QueueStats(int waiting, int running, int maxConcurrent) {
    }
}
