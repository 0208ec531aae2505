package io.sheetflow.conversation;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A message as the API shows it; {@code queuePosition} only on a queued assistant reply (see {@link QueuePositions}). */
public record MessageView(
        UUID messageId,
        long number,
        MessageType type,
        String content,
        @Nullable @JsonRawValue String metadata,
        Instant createdAt,
        @Nullable MessageState state,
        @Nullable String clientMessageId,
        @Nullable UUID replyTo,
        @Nullable Integer queuePosition) {

    public static MessageView of(Message m) {
        return of(m, Map.of());
    }

    /** @param positions the queue positions of the conversation's queued replies ({@link QueuePositions}) */
    public static MessageView of(Message m, Map<UUID, Integer> positions) {
        return new MessageView(m.id(), m.number(), m.type(), m.content(), m.metadata(), m.createdAt(), m.state(),
                m.clientMessageId(), m.replyTo(), m.state() == MessageState.QUEUED ? positions.get(m.id()) : null);
    }
}
