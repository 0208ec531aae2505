package io.sheetflow.workflow;

import io.micronaut.context.BeanProvider;
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
 * The lifecycle and the queue are created only when there is a run to recover (a start with none does not pay
 * for them; docs/transfers-and-startup.md).
 */
@Singleton
@Requires(notEnv = "lambda")
@Requires(property = "sheetflow.runs.queue", notEquals = "database")
public class RunRecovery {
    static final String INTERRUPTED = RunLifecycle.INTERRUPTED;
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final WorkflowRunRepository runs;
    private final BeanProvider<RunLifecycle> lifecycle;
    private final BeanProvider<RunQueue> queue;

    public RunRecovery(WorkflowRunRepository runs, BeanProvider<RunLifecycle> lifecycle, BeanProvider<RunQueue> queue) {
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
            lifecycle.get().serverStopped(run.id());
        }
        var queued = runs.findByStatusOrderByCreatedAt(RunStatus.QUEUED);
        queued.forEach(run -> queue.get().submit(run.id()));
        if (!interrupted.isEmpty() || !queued.isEmpty()) {
            LOG.info("Recovered runs: {} interrupted marked failed, {} queued resumed", interrupted.size(), queued.size());
        }
    }
}
