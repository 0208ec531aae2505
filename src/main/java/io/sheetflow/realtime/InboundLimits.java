package io.sheetflow.realtime;

import io.sheetflow.security.LimitSettings;

import java.util.Arrays;

/**
 * Per-session limits on what a client sends: message size, and at most N messages in any one second (a sliding
 * window over the last N arrivals, so a burst cannot get 2N through across the edge of a fixed window).
 */
final class InboundLimits {
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int maxBytes;
    private final int perSecond;
    private final MessageClock clock;
    /** Arrival times of the last {@code perSecond} accepted messages, oldest at {@code next}; a second back at first. */
    private final long[] arrivals;
    private int next;

    InboundLimits(LimitSettings limits, MessageClock clock) {
        this.maxBytes = limits.websocketMaxMessageBytes();
        this.perSecond = limits.websocketMessagesPerSecond();
        this.clock = clock;
        this.arrivals = new long[Math.max(1, perSecond)];
        Arrays.fill(arrivals, clock.nanoTime() - WINDOW_NANOS);
    }

    /** @return the problem with this message, or null when it may be handled */
    synchronized String check(String message) {
        if (message.length() > maxBytes) {
            return "Message too large: at most " + maxBytes + " bytes";
        }
        long now = clock.nanoTime();
        if (perSecond <= 0 || now - arrivals[next] < WINDOW_NANOS) {
            return "Too many messages: at most " + perSecond + " per second";
        }
        arrivals[next] = now;
        next = (next + 1) % arrivals.length;
        return null;
    }
}
