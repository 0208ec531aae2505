package io.sheetflow.workflow;

import io.sheetflow.event.ConversationGoneException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

/**
 * Runs left {@code running} by an execution that will never finish them (a crashed server, a worker that timed
 * out or died): they end as failed with a clear reason, their open steps closed, and the failure is published
 * and written to the history like any other.
 */
@Singleton
public class AbandonedRuns {
    public static final String WORKER_LOST = RunLifecycle.WORKER_LOST;
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedRuns.class);

    private final WorkflowRunRepository runs;
    private final RunLifecycle lifecycle;

    public AbandonedRuns(WorkflowRunRepository runs, RunLifecycle lifecycle) {
        this.runs = runs;
        this.lifecycle = lifecycle;
    }

    /** Fails the run if it is running with its lease expired; true when this call failed it (only one can). */
    public boolean failIfLeaseExpired(UUID runId, Instant now) {
        return lifecycle.workerLost(runId, now);
    }

    /** Fails a run that is still queued but can never be picked up (e.g. its queue message could not be sent). */
    public boolean failQueued(UUID runId, String reason) {
        return lifecycle.failedWhileQueued(runId, reason);
    }

    /** Fails the runs whose lease expired before {@code expiredBefore} (at most {@code limit}); returns how many. */
    public int failLeaseExpired(Instant expiredBefore, int limit) {
        int failed = 0;
        for (WorkflowRun run : runs.findLeaseExpired(expiredBefore, limit)) {
            try {
                if (lifecycle.workerLost(run.id(), expiredBefore)) {
                    failed++;
                }
            } catch (ConversationGoneException e) {
                LOG.debug("Conversation of run {} was deleted meanwhile", run.id());
            }
        }
        if (failed > 0) {
            LOG.warn("Failed {} run(s) whose worker stopped before finishing them", failed);
        }
        return failed;
    }
}
