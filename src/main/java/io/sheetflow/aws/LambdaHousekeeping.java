package io.sheetflow.aws;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.SharedLimitCounters;
import io.sheetflow.workflow.AbandonedRuns;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clean-up that Lambda has no scheduler for, done on the side of ordinary invocations (worker batches and
 * WebSocket connects), at most once per {@code sheetflow.lambda.housekeeping-interval} per execution
 * environment: runs whose worker lease expired more than {@code sheetflow.runs.abandoned-grace} ago are
 * failed, and connection rows older than API Gateway's 2-hour connection maximum (a lost {@code $disconnect})
 * are deleted.
 */
@Singleton
@Requires(env = "lambda")
public class LambdaHousekeeping {
    /** API Gateway closes every WebSocket connection after at most 2 hours. */
    static final Duration MAX_CONNECTION_AGE = Duration.ofHours(2);
    /** Longer than any invocation (Lambda's limit is 15 minutes): a share older than this was left by a dead one. */
    private static final Duration LONGEST_INVOCATION = Duration.ofMinutes(16);
    private static final Logger LOG = LoggerFactory.getLogger(LambdaHousekeeping.class);
    private static final int RUNS_PER_SWEEP = 100;

    private final AbandonedRuns abandoned;
    private final LimitSettings limits;
    private final SharedLimitCounters counters;
    private final WebSocketConnectionRepository connections;
    private final Duration interval;
    private final Duration abandonedGrace;
    private final AtomicLong nextSweepMillis = new AtomicLong();

    public LambdaHousekeeping(AbandonedRuns abandoned, WebSocketConnectionRepository connections,
                              LimitSettings limits, SharedLimitCounters counters,
                              @Value("${sheetflow.lambda.housekeeping-interval:5m}") Duration interval,
                              @Value("${sheetflow.runs.abandoned-grace:5m}") Duration abandonedGrace) {
        this.abandoned = abandoned;
        this.limits = limits;
        this.counters = counters;
        this.connections = connections;
        this.interval = interval;
        this.abandonedGrace = abandonedGrace;
    }

    /** Sweeps when the last sweep of this environment is older than the interval; never throws. */
    public void sweepIfDue() {
        long now = System.currentTimeMillis();
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + interval.toMillis())) {
            return;
        }
        try {
            sweep(Instant.ofEpochMilli(now));
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed; it is tried again at a later invocation", e);
        }
    }

    public void sweep(Instant now) {
        int failed = abandoned.failLeaseExpired(now.minus(abandonedGrace), RUNS_PER_SWEEP);
        int stale = connections.deleteConnectedBefore(now.minus(MAX_CONNECTION_AGE));
        if (limits.sharedInDatabase()) {
            // Environments take and give back their slots themselves; one that died holding one is taken off here.
            counters.sweep(now, LONGEST_INVOCATION);
        }
        if (failed > 0 || stale > 0) {
            LOG.info("Housekeeping: {} abandoned run(s) failed, {} stale connection row(s) deleted", failed, stale);
        }
    }
}
