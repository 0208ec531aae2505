package io.sheetflow.admin;

import io.micronaut.core.annotation.Nullable;
import io.sheetflow.realtime.LocalEventHub.ConnectionStats;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the admin dashboard shows, as of {@code generatedAt}. {@code queue} and {@code websocket} are the figures
 * of {@code GET /api/v1/stats}, {@code runs}' totals those of {@code /metrics}; the rest is read from the database.
 */
public record DashboardSnapshot(
        Instant generatedAt,
        Queue queue,
        Runs runs,
        Failures failures,
        ConnectionStats websocket,
        Storage storage,
        SlowestOperations slowestOperations) {

    /** The run queue of this server ({@code waiting}, {@code running}, {@code maxConcurrent}) and unfinished runs by owner. */
    public record Queue(int waiting, int running, int maxConcurrent, List<UserRuns> byUser) {
    }

    public record UserRuns(String user, long queued, long running) {
    }

    /**
     * Counters since this process started (the {@code sheetflow_runs_*_total} meters) and runs ended in each of the
     * last minutes (from the database, oldest minute first).
     */
    public record Runs(long queued, long started, Ended ended, List<Minute> perMinute) {
    }

    public record Ended(long completed, long failed, long cancelled) {
    }

    public record Minute(Instant minute, long completed, long failed, long cancelled) {
    }

    /** Runs that failed within the window: how many, grouped by reason (most recent first), and the latest ones. */
    public record Failures(String window, long total, List<Reason> reasons, List<Failure> recent) {
    }

    public record Reason(String reason, long count, Instant lastAt) {
    }

    public record Failure(UUID runId, UUID chatId, String user, @Nullable String reason, Instant failedAt) {
    }

    /** Stored files (rows of the file catalogue) and their bytes, in total and by kind. */
    public record Storage(long files, long bytes, List<KindUsage> byKind) {
    }

    public record KindUsage(String kind, long files, long bytes) {
    }

    /** Steps that ended (completed or failed) within the window, by operation, slowest p95 first. */
    public record SlowestOperations(String window, List<OperationTiming> operations) {
    }

    public record OperationTiming(String operation, long steps, long failed, long p50Ms, long p95Ms, long maxMs) {
    }
}
