package io.sheetflow.lambda;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.sheetflow.workflow.RunExecutor;
import io.sheetflow.workflow.RunQueue;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test stand-in for the Lambda run queue (SQS + worker function in production): runs each submitted run on a
 * background thread of the test JVM, so the HTTP function answers 202 and the run completes later.
 */
@Singleton
@Requires(env = "lambda")
@Requires(property = LambdaStandIns.PROPERTY, value = "true")
@Replaces(RunQueue.class)
public class InlineRunQueue implements RunQueue {
    private final BeanProvider<RunExecutor> executor;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    public InlineRunQueue(BeanProvider<RunExecutor> executor) {
        this.executor = executor;
    }

    @Override
    public Optional<Integer> submit(UUID runId) {
        threads.submit(() -> executor.get().execute(runId));
        return Optional.empty();
    }

    @Override
    public Optional<Integer> position(UUID runId) {
        return Optional.empty();
    }

    @Override
    public boolean remove(UUID runId) {
        return false;
    }

    @Override
    public QueueStats stats() {
        return new QueueStats(0, 0, 2);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
