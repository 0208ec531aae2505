package io.sheetflow.assistant.chat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A question the assistant asked in {@code messageId}; {@code pendingPlan} is the planner's partial plan (JSON). */
@MappedEntity("assistant_question")
public record Question(
        @Id UUID id,
        UUID conversationId,
        UUID messageId,
        String status,
        String pendingPlan,
        Instant createdAt,
        @Nullable Instant answeredAt) {

    public static final String OPEN = "OPEN";
    public static final String ANSWERED = "ANSWERED";
    public static final String CLOSED = "CLOSED";
}
