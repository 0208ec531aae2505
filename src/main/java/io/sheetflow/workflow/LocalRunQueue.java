package io.sheetflow.workflow;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import io.sheetflow.admin.DashboardStream;
import io.sheetflow.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;

/** In-process FIFO queue with a fixed number of worker threads ({@code sheetflow.runs.max-concurrent}). */
@Singleton
@Requires(notEnv = "lambda")
@Requires(property = "sheetflow.runs.queue", notEquals = "database")
public class LocalRunQueue implements RunQueue {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunQueue.class);

    private final LinkedBlockingDeque<UUID> waiting = new LinkedBlockingDeque<>();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Set<Thread> idle = ConcurrentHashMap.newKeySet();
    private final BeanProvider<RunExecutor> executor;
    private final BeanProvider<RunLifecycle> lifecycle;
    private final CancellationRegistry cancellations;
    private final int maxConcurrent;
    private final Duration stopGrace;
    private final List<Thread> workers = new ArrayList<>();
    private final DashboardStream dashboard;
    private volatile boolean stopped;

    /**
     * @param stopGrace how long a stopping server lets running runs finish ({@code sheetflow.runs.stop-grace});
     *                  runs still running after it end failed with the "server stopped" reason
     */
    public LocalRunQueue(BeanProvider<RunExecutor> executor, BeanProvider<RunLifecycle> lifecycle,
                         CancellationRegistry cancellations,
                         @Value("${sheetflow.runs.max-concurrent:2}") int maxConcurrent,
                         @Value("${sheetflow.runs.stop-grace:10s}") Duration stopGrace, Meters meters,
                         DashboardStream dashboard) {
        this.dashboard = dashboard;
        meters.gauge(Meters.RUNS_WAITING, "Runs waiting for a worker", waiting::size);
        meters.gauge(Meters.RUNS_RUNNING, "Runs executing now", running::size);
        this.executor = executor;
        this.lifecycle = lifecycle;
        this.cancellations = cancellations;
        this.maxConcurrent = Math.max(1, maxConcurrent);
        this.stopGrace = stopGrace;
    }

    @Override
    public synchronized Optional<Integer> submit(UUID runId) {
        startWorkers();
        waiting.addLast(runId);
        dashboard.changed();
        return position(runId);
    }

    @Override
    public Optional<Integer> position(UUID runId) {
        int index = 1;
        for (UUID id : waiting) {
            if (id.equals(runId)) {
                return Optional.of(index);
            }
            index++;
        }
        return Optional.empty();
    }

    @Override
    public boolean remove(UUID runId) {
        boolean removed = waiting.remove(runId);
        dashboard.changed();
        return removed;
    }

    @Override
    public QueueStats stats() {
        return new QueueStats(waiting.size(), running.size(), maxConcurrent);
    }

    private void startWorkers() {
        if (!workers.isEmpty()) {
            return;
        }
        for (int i = 0; i < maxConcurrent; i++) {
            Thread worker = new Thread(this::work, "run-worker-" + (i + 1));
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void work() {
        while (!stopped) {
            UUID runId;
            idle.add(Thread.currentThread());
            try {
                runId = waiting.take();
            } catch (InterruptedException e) {
                return;
            } finally {
                idle.remove(Thread.currentThread());
            }
            if (stopped) {
                waiting.addFirst(runId); // still queued in the database: the next start runs it
                return;
            }
            running.add(runId);
            dashboard.changed();
            try {
                executor.get().execute(runId);
            } catch (RuntimeException e) {
                LOG.error("Run {} ended with an unexpected error", runId, e);
            } finally {
                running.remove(runId);
                dashboard.changed(); // after the run's end was committed: the queue figures follow it
            }
        }
    }

    /**
     * Stops taking runs, lets running ones finish within the grace period, then ends the rest as stopped by
     * the server. Only idle workers are interrupted: interrupting a thread inside a database write could
     * close the database file under everyone.
     */
    @PreDestroy
    void stop() {
        stopped = true;
        idle.forEach(Thread::interrupt);
        StoppingRuns.finishOrFail(running, stopGrace, cancellations, lifecycle.get());
    }
}
