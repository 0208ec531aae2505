package io.sheetflow.security;

import io.sheetflow.api.TooManyRequestsException;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user rate limits for uploads and runs: token buckets of this process, or with
 * {@code sheetflow.limits.store: database} a fixed one-minute window counted in the database for all instances.
 */
@Singleton
public class RateLimiter {
    public enum Kind { UPLOAD, RUN }

    private static final long WINDOW_MILLIS = 60_000;

    private final LimitSettings limits;
    private final SharedLimitCounters shared;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(LimitSettings limits, SharedLimitCounters shared) {
        this.limits = limits;
        this.shared = shared;
    }

    /** @throws TooManyRequestsException when the caller used up this minute's allowance */
    public void acquire(Caller caller, Kind kind) {
        int perMinute = kind == Kind.UPLOAD ? limits.uploadsPerMinute() : limits.runsPerMinute();
        if (perMinute <= 0) {
            return;
        }
        long waitMillis = limits.sharedInDatabase() ? takeShared(caller, kind, perMinute)
                : buckets.computeIfAbsent(caller.userId() + "|" + kind, k -> new Bucket(perMinute)).take();
        if (waitMillis > 0) {
            String what = kind == Kind.UPLOAD ? "uploads" : "workflow runs";
            throw new TooManyRequestsException("Too many " + what + ": at most " + perMinute + " per minute; retry in "
                    + Math.max(1, (waitMillis + 999) / 1000) + " s", Math.max(1, (waitMillis + 999) / 1000));
        }
    }

    /**
     * A sliding minute over two fixed windows counted in the database: this window's uses plus the previous
     * window's, weighted by how much of it the last minute still covers. A refused use is taken back.
     *
     * @return 0 when the use fits, else the milliseconds until the current window ends
     */
    private long takeShared(Caller caller, Kind kind, int perMinute) {
        long now = System.currentTimeMillis();
        long window = now / WINDOW_MILLIS;
        String name = kind == Kind.UPLOAD ? SharedLimitCounters.UPLOADS_PER_MINUTE : SharedLimitCounters.RUNS_PER_MINUTE;
        long used = shared.increment(caller.userId(), name, Long.toString(window));
        double previousShare = 1.0 - (now - window * WINDOW_MILLIS) / (double) WINDOW_MILLIS;
        double estimate = used + (used > perMinute ? 0
                : shared.read(caller.userId(), name, Long.toString(window - 1)) * previousShare);
        if (estimate <= perMinute) {
            return 0;
        }
        shared.decrement(caller.userId(), name, Long.toString(window));
        return Math.max(1, (window + 1) * WINDOW_MILLIS - now);
    }

    /** A bucket of {@code capacity} tokens refilled evenly over a minute. */
    private static final class Bucket {
        private final double capacity;
        private final double perMilli;
        private double tokens;
        private long updated = System.currentTimeMillis();

        Bucket(int perMinute) {
            this.capacity = perMinute;
            this.perMilli = perMinute / 60_000.0;
            this.tokens = perMinute;
        }

        /** @return 0 when a token was taken, else the milliseconds until one is available */
        synchronized long take() {
            long now = System.currentTimeMillis();
            tokens = Math.min(capacity, tokens + (now - updated) * perMilli);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perMilli);
        }
    }
}
