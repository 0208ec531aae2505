package io.sheetflow.workflow;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import io.sheetflow.admin.DashboardStream;
import io.sheetflow.cluster.PgNotifications;
import io.sheetflow.metrics.Meters;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The run queue shared by every instance on one database ({@code sheetflow.runs.queue: database}): the queued
 * rows of {@code workflow_run} are the queue. Each of this instance's {@code sheetflow.runs.max-concurrent}
 * workers claims the oldest queued run in one statement (on PostgreSQL {@code FOR UPDATE SKIP LOCKED}, so
 * workers of several instances never wait for each other), holds it under a lease it renews while the run
 * executes, and any instance's sweep fails runs whose lease expired (their instance died) with the usual reason.
 * A submit or a cancel is announced with {@code NOTIFY}; a slow poll covers a lost notification. Positions and
 * totals are read from the database ({@link DatabaseQueueFigures}), so they count every instance's runs; the admin
 * dashboard is told of every change this instance makes and of every submit another instance announces.
 */
@Singleton
@Requires(notEnv = "lambda")
@Requires(property = "sheetflow.runs.queue", value = "database")
public class DatabaseRunQueue implements RunQueue {
    static final String SUBMITTED = "sheetflow_runs";
    static final String CANCELLED = "sheetflow_cancel";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRunQueue.class);
    private static final int SWEEP_LIMIT = 100;
    private static final String CLAIM_NEXT_POSTGRES = "UPDATE workflow_run SET status = 'RUNNING', started_at = ?, "
            + "claimed_by = ?, claimed_at = ?, lease_until = ? WHERE id = (SELECT id FROM workflow_run "
            + "WHERE status = 'QUEUED' AND cancel_requested = FALSE ORDER BY created_at, id LIMIT 1 "
            + "FOR UPDATE SKIP LOCKED) AND status = 'QUEUED' RETURNING id";

    private final BeanProvider<RunExecutor> executor;
    private final BeanProvider<RunLifecycle> lifecycle;
    private final WorkflowRunRepository runs;
    private final DatabaseQueueFigures figures;
    private final DashboardStream dashboard;
    private final AbandonedRuns abandoned;
    private final CancellationRegistry cancellations;
    private final PgNotifications notifications;
    private final TransactionOperations<Connection> transactions;
    private final WorkerName worker;
    private final int maxConcurrent;
    private final Duration stopGrace;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration sweepInterval;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Object wakeUp = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-queue-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private long wakeUps;
    private volatile boolean stopped;

    /**
     * @param lease         how long a claim holds without renewal ({@code sheetflow.runs.database.lease}); renewed every
     *                      third of it while the run executes, so a dead instance's runs fail after at most this
     *                      plus one sweep interval
     * @param pollInterval  how often idle workers look for runs without being notified
     * @param sweepInterval how often this instance fails runs whose lease expired
     */
    public DatabaseRunQueue(BeanProvider<RunExecutor> executor, BeanProvider<RunLifecycle> lifecycle,
                            WorkflowRunRepository runs, DatabaseQueueFigures figures, DashboardStream dashboard,
                            AbandonedRuns abandoned, CancellationRegistry cancellations,
                            PgNotifications notifications, TransactionOperations<Connection> transactions,
                            WorkerName worker, Meters meters,
                            @Value("${sheetflow.runs.max-concurrent:2}") int maxConcurrent,
                            @Value("${sheetflow.runs.stop-grace:10s}") Duration stopGrace,
                            @Value("${sheetflow.runs.database.lease:60s}") Duration lease,
                            @Value("${sheetflow.runs.database.poll-interval:5s}") Duration pollInterval,
                            @Value("${sheetflow.runs.database.sweep-interval:15s}") Duration sweepInterval) {
        this.executor = executor;
        this.lifecycle = lifecycle;
        this.runs = runs;
        this.figures = figures;
        this.dashboard = dashboard;
        this.abandoned = abandoned;
        this.cancellations = cancellations;
        this.notifications = notifications;
        this.transactions = transactions;
        this.worker = worker;
        this.maxConcurrent = Math.max(1, maxConcurrent);
        this.stopGrace = stopGrace;
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.sweepInterval = sweepInterval;
        meters.gauge(Meters.RUNS_WAITING, "Runs waiting for a worker (of any instance)", this::waitingGauge);
        meters.gauge(Meters.RUNS_RUNNING, "Runs executing now", running::size);
    }

    @EventListener
    public void onStartup(StartupEvent event) {
        notifications.listen(SUBMITTED, new PgNotifications.Listener() {
            @Override
            public void notified(String payload) {
                wake();
                dashboard.changed(); // a submit here or on another instance: the queue grew
            }

            @Override
            public void reconnected() {
                wake();
            }
        });
        notifications.listen(CANCELLED, new PgNotifications.Listener() {
            @Override
            public void notified(String payload) {
                try {
                    cancellations.cancel(UUID.fromString(payload));
                } catch (IllegalArgumentException e) {
                    LOG.warn("Ignoring a cancel notification that names no run: {}", payload);
                }
            }

            @Override
            public void reconnected() {
                housekeeping.execute(DatabaseRunQueue.this::checkCancelled);
            }
        });
        synchronized (this) {
            for (int i = 0; i < maxConcurrent; i++) {
                Thread thread = new Thread(this::work, "run-worker-" + (i + 1));
                thread.setDaemon(true);
                workers.add(thread);
                thread.start();
            }
        }
        long renewEvery = Math.max(100, lease.toMillis() / 3);
        housekeeping.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::sweep, 0, Math.max(100, sweepInterval.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** The run is committed as queued: wake this instance's workers and tell the others. */
    @Override
    public Optional<Integer> submit(UUID runId) {
        Optional<Integer> position = position(runId);
        wake();
        dashboard.changed();
        try {
            notifications.notify(SUBMITTED, "");
        } catch (RuntimeException e) {
            LOG.warn("Could not announce run {} to other instances ({}); they find it at their next poll", runId, e.toString());
        }
        return position;
    }

    @Override
    public Optional<Integer> position(UUID runId) {
        return figures.position(runId);
    }

    /** Nothing to take out: the caller's conditional cancel of the queued row is the removal. */
    @Override
    public boolean remove(UUID runId) {
        return false;
    }

    @Override
    public void cancelRequested(UUID runId) {
        try {
            notifications.notify(CANCELLED, runId.toString());
        } catch (RuntimeException e) {
            LOG.warn("Could not announce the cancel of run {} ({}); its instance sees the flag at its next check",
                    runId, e.toString());
        }
    }

    @Override
    public QueueStats stats() {
        return figures.stats(maxConcurrent);
    }

    private Number waitingGauge() {
        try {
            return figures.waiting();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void wake() {
        synchronized (wakeUp) {
            wakeUps++;
            wakeUp.notifyAll();
        }
    }

    private void work() {
        while (!stopped) {
            long seen;
            synchronized (wakeUp) {
                seen = wakeUps;
            }
            UUID runId = null;
            try {
                runId = claimNext();
            } catch (RuntimeException e) {
                LOG.warn("Claiming the next run failed ({}); trying again at the next wake-up", e.toString());
            }
            if (runId == null) {
                awaitWakeUp(seen);
                continue;
            }
            running.add(runId);
            dashboard.changed();
            try {
                executor.get().executeClaimed(runId);
            } catch (RuntimeException e) {
                LOG.error("Run {} ended with an unexpected error", runId, e);
            } finally {
                running.remove(runId);
                dashboard.changed(); // after the run's end was committed: the queue figures follow it
            }
        }
    }

    private void awaitWakeUp(long seen) {
        long deadline = System.nanoTime() + pollInterval.toNanos();
        synchronized (wakeUp) {
            while (!stopped && wakeUps == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Claims the oldest queued run for this worker; null when none is waiting. */
    UUID claimNext() {
        Instant now = Instant.now();
        Instant until = now.plus(lease);
        if (notifications.available()) {
            return transactions.executeWrite(status -> claimWithSkipLocked(status.getConnection(), now, until));
        }
        // Other databases: the conditional claim, trying the next candidate when another worker won this one.
        for (WorkflowRun candidate : runs.findByStatusOrderByCreatedAt(RunStatus.QUEUED)) {
            if (!candidate.cancelRequested() && runs.claim(candidate.id(), worker.name(), now, until) == 1) {
                return candidate.id();
            }
        }
        return null;
    }

    private UUID claimWithSkipLocked(Connection connection, Instant now, Instant until) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(CLAIM_NEXT_POSTGRES)) {
            OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            ps.setObject(1, at);
            ps.setString(2, worker.name());
            ps.setObject(3, at);
            ps.setObject(4, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    private void renewLeases() {
        Instant until = Instant.now().plus(lease);
        for (UUID runId : List.copyOf(running)) {
            try {
                runs.renewLease(runId, worker.name(), until);
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease of run {} ({})", runId, e.toString());
            }
        }
    }

    private void sweep() {
        try {
            abandoned.failLeaseExpired(Instant.now(), SWEEP_LIMIT);
        } catch (RuntimeException e) {
            LOG.warn("The sweep for runs of stopped instances failed ({}); trying again later", e.toString());
        }
    }

    /** After a gap in notifications: cancels recorded meanwhile for runs executing here. */
    private void checkCancelled() {
        for (UUID runId : List.copyOf(running)) {
            try {
                if (runs.findCancelRequestedById(runId).orElse(false)) {
                    cancellations.cancel(runId);
                }
            } catch (RuntimeException e) {
                LOG.debug("Cancel check of run {} failed", runId, e);
            }
        }
    }

    /** Stops claiming; running runs may finish within the grace, the rest end failed. Queued runs stay for others. */
    @PreDestroy
    void stop() {
        stopped = true;
        wake();
        housekeeping.shutdownNow();
        StoppingRuns.finishOrFail(running, stopGrace, cancellations, lifecycle.get());
    }
}
