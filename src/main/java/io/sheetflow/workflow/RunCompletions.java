package io.sheetflow.workflow;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets a request wait (bounded) for a run executing in this process to end. Futures exist only while someone
 * waits, so runs executed by another process (the Lambda worker) leave nothing behind.
 */
@Singleton
public class RunCompletions {
    private final Map<UUID, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    CompletableFuture<Void> watch(UUID runId) {
        return pending.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    void completed(UUID runId) {
        CompletableFuture<Void> future = pending.remove(runId);
        if (future != null) {
            future.complete(null);
        }
    }

    /** @return true if the run ended within the timeout */
    boolean await(UUID runId, Duration timeout) {
        CompletableFuture<Void> future = watch(runId);
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        } finally {
            pending.remove(runId, future);
        }
    }
}
