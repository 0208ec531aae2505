package io.sheetflow.workflow;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * At start-up: runs left {@code running} by a crash are failed with a clear reason (their partial work is
 * not trustworthy), and runs still {@code queued} are queued again in their original order.
 */
@Singleton
@Requires(notEnv = "lambda")
public class RunRecovery {
    static final String INTERRUPTED = "The server stopped while this run was in progress; run the workflow again";
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final WorkflowRunRepository runs;
    private final AbandonedRuns abandoned;
    private final RunQueue queue;

    public RunRecovery(WorkflowRunRepository runs, AbandonedRuns abandoned, RunQueue queue) {
        this.runs = runs;
        this.abandoned = abandoned;
        this.queue = queue;
    }

    @EventListener
    public void onStartup(StartupEvent event) {
        recover();
    }

    public void recover() {
        var interrupted = runs.findByStatusOrderByCreatedAt(RunStatus.RUNNING);
        for (WorkflowRun run : interrupted) {
            Instant now = Instant.now();
            if (runs.finish(run.id(), RunStatus.FAILED.name(), INTERRUPTED, now) == 1) {
                abandoned.recordFailed(run, INTERRUPTED, now);
            }
        }
        var queued = runs.findByStatusOrderByCreatedAt(RunStatus.QUEUED);
        queued.forEach(run -> queue.submit(run.id()));
        if (!interrupted.isEmpty() || !queued.isEmpty()) {
            LOG.info("Recovered runs: {} interrupted marked failed, {} queued resumed", interrupted.size(), queued.size());
        }
    }
}
