package io.sheetflow.security;

import io.sheetflow.api.TooManyRequestsException;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-user token buckets for uploads and runs (this process's view; each process limits on its own). */
@Singleton
public class RateLimiter {
    public enum Kind { UPLOAD, RUN }

    private final LimitSettings limits;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(LimitSettings limits) {
        this.limits = limits;
    }

    /** @throws TooManyRequestsException when the caller used up this minute's allowance */
    public void acquire(Caller caller, Kind kind) {
        int perMinute = kind == Kind.UPLOAD ? limits.uploadsPerMinute() : limits.runsPerMinute();
        if (perMinute <= 0) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(caller.userId() + "|" + kind, k -> new Bucket(perMinute));
        long waitMillis = bucket.take();
        if (waitMillis > 0) {
            String what = kind == Kind.UPLOAD ? "uploads" : "workflow runs";
            throw new TooManyRequestsException("Too many " + what + ": at most " + perMinute + " per minute; retry in "
                    + Math.max(1, (waitMillis + 999) / 1000) + " s", Math.max(1, (waitMillis + 999) / 1000));
        }
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
