package io.sheetflow.workflow;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public class LocalRunQueue implements RunQueue {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunQueue.class);

    private final LinkedBlockingDeque<UUID> waiting = new LinkedBlockingDeque<>();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final BeanProvider<RunExecutor> executor;
    private final int maxConcurrent;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopped;

    public LocalRunQueue(BeanProvider<RunExecutor> executor,
                         @Value("${sheetflow.runs.max-concurrent:2}") int maxConcurrent) {
        this.executor = executor;
        this.maxConcurrent = Math.max(1, maxConcurrent);
    }

    @Override
    public synchronized Optional<Integer> submit(UUID runId) {
        startWorkers();
        waiting.addLast(runId);
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
        return waiting.remove(runId);
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
            try {
                runId = waiting.take();
            } catch (InterruptedException e) {
                return;
            }
            running.add(runId);
            try {
                executor.get().execute(runId);
            } catch (RuntimeException e) {
                LOG.error("Run {} ended with an unexpected error", runId, e);
            } finally {
                running.remove(runId);
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        workers.forEach(Thread::interrupt);
    }
}
