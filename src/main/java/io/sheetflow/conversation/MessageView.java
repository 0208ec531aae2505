package io.sheetflow.conversation;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

public record MessageView(
        UUID messageId,
        long number,
        MessageType type,
        String content,
        @Nullable @JsonRawValue String metadata,
        Instant createdAt,
        @Nullable MessageState state,
        @Nullable String clientMessageId,
        @Nullable UUID replyTo) {

    public static MessageView of(Message m) {
        return new MessageView(m.id(), m.number(), m.type(), m.content(), m.metadata(), m.createdAt(), m.state(),
                m.clientMessageId(), m.replyTo());
    }
}
