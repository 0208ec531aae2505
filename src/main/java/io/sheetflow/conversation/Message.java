package io.sheetflow.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a conversation's history; {@code number} increases by one per message in a conversation.
 * {@code state} is set on assistant replies only; {@code clientMessageId} is a user message's idempotency key;
 * {@code replyTo} is the user message an assistant reply answers.
 */
@MappedEntity("message")
public record Message(
        @Id UUID id,
        UUID conversationId,
        long number,
        MessageType type,
        String content,
        @Nullable String metadata,
        Instant createdAt,
        @Nullable MessageState state,
        @Nullable String clientMessageId,
        @Nullable UUID replyTo) {
}
