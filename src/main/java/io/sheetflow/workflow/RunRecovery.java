package io.sheetflow.workflow;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * At start-up: runs left {@code running} by a crash are failed with a clear reason (their partial work is
 * not trustworthy), and runs still {@code queued} are queued again in their original order. Not with the shared
 * queue, where other instances may be executing runs: there expired leases are swept ({@link DatabaseRunQueue}).
 */
@Singleton
@Requires(notEnv = "lambda")
@Requires(property = "sheetflow.runs.queue", notEquals = "database")
public class RunRecovery {
    static final String INTERRUPTED = RunLifecycle.INTERRUPTED;
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final WorkflowRunRepository runs;
    private final RunLifecycle lifecycle;
    private final RunQueue queue;

    public RunRecovery(WorkflowRunRepository runs, RunLifecycle lifecycle, RunQueue queue) {
        this.runs = runs;
        this.lifecycle = lifecycle;
        this.queue = queue;
    }

    @EventListener
    public void onStartup(StartupEvent event) {
        recover();
    }

    public void recover() {
        var interrupted = runs.findByStatusOrderByCreatedAt(RunStatus.RUNNING);
        for (WorkflowRun run : interrupted) {
            lifecycle.serverStopped(run.id());
        }
        var queued = runs.findByStatusOrderByCreatedAt(RunStatus.QUEUED);
        queued.forEach(run -> queue.submit(run.id()));
        if (!interrupted.isEmpty() || !queued.isEmpty()) {
            LOG.info("Recovered runs: {} interrupted marked failed, {} queued resumed", interrupted.size(), queued.size());
        }
    }
}
