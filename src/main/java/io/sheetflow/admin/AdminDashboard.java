package io.sheetflow.admin;

import io.micronaut.context.annotation.Requires;
import io.sheetflow.admin.DashboardQueries.EndedRun;
import io.sheetflow.admin.DashboardQueries.EndedStep;
import io.sheetflow.admin.DashboardSnapshot.Ended;
import io.sheetflow.admin.DashboardSnapshot.Failure;
import io.sheetflow.admin.DashboardSnapshot.Failures;
import io.sheetflow.admin.DashboardSnapshot.KindUsage;
import io.sheetflow.admin.DashboardSnapshot.Minute;
import io.sheetflow.admin.DashboardSnapshot.OperationTiming;
import io.sheetflow.admin.DashboardSnapshot.Queue;
import io.sheetflow.admin.DashboardSnapshot.Reason;
import io.sheetflow.admin.DashboardSnapshot.Runs;
import io.sheetflow.admin.DashboardSnapshot.SlowestOperations;
import io.sheetflow.admin.DashboardSnapshot.Storage;
import io.sheetflow.admin.DashboardSnapshot.UserRuns;
import io.sheetflow.metrics.Meters;
import io.sheetflow.realtime.LocalEventHub;
import io.sheetflow.workflow.RunQueue;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the admin dashboard's snapshot. The queue and connection figures are read from the same objects as
 * {@code GET /api/v1/stats} ({@link RunQueue#stats()}, {@link LocalEventHub#stats()}), the run totals from the same
 * counters as {@code /metrics} ({@link Meters#runTotals()}), so they agree by construction.
 */
@Singleton
@Requires(notEnv = "lambda")
public class AdminDashboard {
    private static final int RECENT_FAILURES = 10;
    private static final int FAILURE_REASONS = 10;
    private static final int SLOWEST = 10;

    private final RunQueue queue;
    private final LocalEventHub hub;
    private final Meters meters;
    private final DashboardQueries queries;
    private final DashboardSettings settings;

    public AdminDashboard(RunQueue queue, LocalEventHub hub, Meters meters, DashboardQueries queries,
                          DashboardSettings settings) {
        this.queue = queue;
        this.hub = hub;
        this.meters = meters;
        this.queries = queries;
        this.settings = settings;
    }

    public DashboardSnapshot snapshot() {
        Instant now = Instant.now();
        Instant firstMinute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(Math.max(1, settings.minutes()) - 1L));
        Instant windowStart = now.minus(settings.window());
        DashboardQueries.Rows rows = queries.read(
                firstMinute.isBefore(windowStart) ? firstMinute : windowStart, windowStart);
        RunQueue.QueueStats queued = queue.stats();
        Meters.RunTotals totals = meters.runTotals();
        String window = window(settings.window());
        return new DashboardSnapshot(now,
                new Queue(queued.waiting(), queued.running(), queued.maxConcurrent(), byUser(rows.unfinished())),
                new Runs(totals.queued(), totals.started(), new Ended(totals.completed(), totals.failed(), totals.cancelled()),
                        perMinute(rows.endedRuns(), firstMinute, settings.minutes())),
                failures(rows.endedRuns(), windowStart, window),
                hub.stats(),
                storage(rows.storage()),
                new SlowestOperations(window, slowest(rows.steps())));
    }

    private static List<UserRuns> byUser(List<DashboardQueries.Unfinished> unfinished) {
        Map<String, long[]> counts = new TreeMap<>();
        for (DashboardQueries.Unfinished row : unfinished) {
            long[] count = counts.computeIfAbsent(row.owner(), o -> new long[2]);
            count["RUNNING".equals(row.status()) ? 1 : 0] += row.count();
        }
        List<UserRuns> users = new ArrayList<>();
        counts.forEach((user, count) -> users.add(new UserRuns(user, count[0], count[1])));
        return users;
    }

    private static List<Minute> perMinute(List<EndedRun> ended, Instant firstMinute, int minutes) {
        int buckets = Math.max(1, minutes);
        long[][] counts = new long[buckets][3];
        for (EndedRun run : ended) {
            long index = Duration.between(firstMinute, run.finishedAt()).toMinutes();
            if (run.finishedAt().isBefore(firstMinute) || index >= buckets) {
                continue;
            }
            switch (run.status()) {
                case "COMPLETED" -> counts[(int) index][0]++;
                case "FAILED" -> counts[(int) index][1]++;
                case "CANCELLED" -> counts[(int) index][2]++;
                default -> { }
            }
        }
        List<Minute> series = new ArrayList<>(buckets);
        for (int i = 0; i < buckets; i++) {
            series.add(new Minute(firstMinute.plus(Duration.ofMinutes(i)), counts[i][0], counts[i][1], counts[i][2]));
        }
        return series;
    }

    private static Failures failures(List<EndedRun> ended, Instant windowStart, String window) {
        Map<String, Reason> reasons = new LinkedHashMap<>();
        List<Failure> recent = new ArrayList<>();
        long total = 0;
        for (EndedRun run : ended) { // newest first
            if (!"FAILED".equals(run.status()) || run.finishedAt().isBefore(windowStart)) {
                continue;
            }
            total++;
            if (recent.size() < RECENT_FAILURES) {
                recent.add(new Failure(run.id(), run.chatId(), run.owner(), run.error(), run.finishedAt()));
            }
            String reason = run.error() == null || run.error().isBlank() ? "(no reason recorded)" : run.error();
            reasons.merge(reason, new Reason(reason, 1, run.finishedAt()),
                    (a, b) -> new Reason(a.reason(), a.count() + 1, a.lastAt()));
        }
        return new Failures(window, total, reasons.values().stream().limit(FAILURE_REASONS).toList(), recent);
    }

    private static Storage storage(List<DashboardQueries.StoredKind> kinds) {
        List<KindUsage> byKind = kinds.stream()
                .map(k -> new KindUsage(k.kind().toLowerCase(Locale.ROOT), k.files(), k.bytes())).toList();
        return new Storage(byKind.stream().mapToLong(KindUsage::files).sum(),
                byKind.stream().mapToLong(KindUsage::bytes).sum(), byKind);
    }

    private static List<OperationTiming> slowest(List<EndedStep> steps) {
        Map<String, List<EndedStep>> byOperation = new TreeMap<>();
        for (EndedStep step : steps) {
            byOperation.computeIfAbsent(step.operation(), o -> new ArrayList<>()).add(step);
        }
        List<OperationTiming> timings = new ArrayList<>();
        byOperation.forEach((operation, ended) -> {
            long[] millis = ended.stream().mapToLong(EndedStep::millis).sorted().toArray();
            long failed = ended.stream().filter(s -> "FAILED".equals(s.status())).count();
            timings.add(new OperationTiming(operation, millis.length, failed, percentile(millis, 50),
                    percentile(millis, 95), millis[millis.length - 1]));
        });
        timings.sort(Comparator.comparingLong(OperationTiming::p95Ms).thenComparingLong(OperationTiming::maxMs).reversed());
        return timings.stream().limit(SLOWEST).toList();
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** A window as people write it: 1h, 15m, 90s. */
    static String window(Duration window) {
        if (window.toSeconds() % 3600 == 0) {
            return window.toHours() + "h";
        }
        return window.toSeconds() % 60 == 0 ? window.toMinutes() + "m" : window.toSeconds() + "s";
    }
}
