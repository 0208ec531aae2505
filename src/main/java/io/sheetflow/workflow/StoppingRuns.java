package io.sheetflow.workflow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** How a stopping server ends the runs it executes: they may finish within the grace, the rest end failed. */
final class StoppingRuns {
    private static final Logger LOG = LoggerFactory.getLogger(StoppingRuns.class);

    private StoppingRuns() {
    }

    static void finishOrFail(Set<UUID> running, Duration grace, CancellationRegistry cancellations,
                             RunLifecycle lifecycle) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (UUID runId : List.copyOf(running)) {
            cancellations.cancel(runId);
            try {
                if (lifecycle.serverStopped(runId)) {
                    LOG.warn("Run {} was still running when the server stopped; it ended failed", runId);
                }
            } catch (RuntimeException e) {
                LOG.warn("Run {} could not be ended while stopping ({}); the next start or a lease sweep ends it",
                        runId, e.toString());
            }
        }
    }
}
