package io.sheetflow.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.sheetflow.workflow.WorkerName;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * With {@code sheetflow.limits.store: database}: this instance refreshes its share of the connection counts, takes
 * the shares of instances that stopped refreshing theirs (they died) off the totals, and deletes rate windows
 * long past.
 */
@Singleton
@Requires(notEnv = "lambda")
@Requires(property = "sheetflow.limits.store", value = "database")
public class SharedLimitsHousekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(SharedLimitsHousekeeping.class);
    private static final Duration RATE_WINDOWS_KEPT = Duration.ofMinutes(5);
    private static final Duration LOCK_ROWS_KEPT = Duration.ofHours(1);

    private final SharedLimitCounters counters;
    private final WorkerName instance;
    private final Duration staleAfter;

    /** @param staleAfter how long an instance's unrefreshed share counts ({@code sheetflow.limits.database.stale-after}) */
    public SharedLimitsHousekeeping(SharedLimitCounters counters, WorkerName instance,
                                    @Value("${sheetflow.limits.database.stale-after:2m}") Duration staleAfter) {
        this.counters = counters;
        this.instance = instance;
        this.staleAfter = staleAfter;
    }

    @Scheduled(fixedDelay = "${sheetflow.limits.database.refresh-interval:30s}", initialDelay = "1s")
    void refresh() {
        try {
            Instant now = Instant.now();
            counters.refreshHolder(SharedLimitCounters.WEBSOCKET_CONNECTIONS, instance.name());
            int stale = counters.removeStaleHolders(SharedLimitCounters.WEBSOCKET_CONNECTIONS, now.minus(staleAfter));
            if (stale > 0) {
                LOG.warn("Took the WebSocket connections of {} stopped instance share(s) off the shared counts", stale);
            }
            counters.deleteOlderThan(RateLimiter.UPLOADS, now.minus(RATE_WINDOWS_KEPT));
            counters.deleteOlderThan(RateLimiter.RUNS, now.minus(RATE_WINDOWS_KEPT));
            counters.deleteOlderThan(SharedLimitCounters.ACTIVE_RUNS, now.minus(LOCK_ROWS_KEPT));
        } catch (RuntimeException e) {
            LOG.warn("Shared limit housekeeping failed ({}); it runs again later", e.toString());
        }
    }
}
