package io.sheetflow.realtime;

import io.sheetflow.security.LimitSettings;

/** Per-session limits on what a client sends: message size and messages per second. */
final class InboundLimits {
    private final int maxBytes;
    private final int perSecond;
    private long windowStart = System.nanoTime();
    private int inWindow;

    InboundLimits(LimitSettings limits) {
        this.maxBytes = limits.websocketMaxMessageBytes();
        this.perSecond = limits.websocketMessagesPerSecond();
    }

    /** @return the problem with this message, or null when it may be handled */
    synchronized String check(String message) {
        if (message.length() > maxBytes) {
            return "Message too large: at most " + maxBytes + " bytes";
        }
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            inWindow = 0;
        }
        if (++inWindow > perSecond) {
            return "Too many messages: at most " + perSecond + " per second";
        }
        return null;
    }
}
