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
 * With {@code sheetflow.limits.store: database}: this instance refreshes its shares of the connection and
 * operation counts, takes the shares of instances that stopped refreshing theirs (they died) off the totals, and
 * deletes rate windows long past ({@link SharedLimitCounters#sweep}).
 */
@Singleton
@Requires(notEnv = "lambda")
@Requires(property = "sheetflow.limits.store", value = "database")
public class SharedLimitsHousekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(SharedLimitsHousekeeping.class);

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
            counters.refreshHolder(SharedLimitCounters.WEBSOCKET_CONNECTIONS, instance.name());
            counters.refreshHolder(SharedLimitCounters.STATELESS_OPERATIONS, instance.name());
            int stale = counters.sweep(Instant.now(), staleAfter);
            if (stale > 0) {
                LOG.warn("Took {} share(s) of stopped instances off the shared connection and operation counts", stale);
            }
        } catch (RuntimeException e) {
            LOG.warn("Shared limit housekeeping failed ({}); it runs again later", e.toString());
        }
    }
}
