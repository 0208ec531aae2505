package io.sheetflow.realtime;

import jakarta.inject.Singleton;

/**
 * The monotonic clock that WebSocket message-rate limits read ({@link InboundLimits}). A bean so that a test can
 * hold time still and trip a limit by message count alone, whatever the machine's speed.
 */
@Singleton
public class MessageClock {

    /** Nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
    public long nanoTime() {
        return System.nanoTime();
    }
}
