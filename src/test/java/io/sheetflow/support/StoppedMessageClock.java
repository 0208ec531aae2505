package io.sheetflow.support;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.sheetflow.realtime.MessageClock;
import jakarta.inject.Singleton;

/**
 * A {@link MessageClock} that never moves, so every WebSocket message arrives "in the same second" and a rate limit
 * trips on the message count alone, however slowly the machine sends. Only where
 * {@code sheetflow.test.stopped-message-clock=true}.
 */
@Singleton
@Replaces(MessageClock.class)
@Requires(property = "sheetflow.test.stopped-message-clock", value = "true")
public class StoppedMessageClock extends MessageClock {
    private final long stoppedAt = System.nanoTime();

    @Override
    public long nanoTime() {
        return stoppedAt;
    }
}
