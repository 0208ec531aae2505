package io.sheetflow.assistant.chat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A workflow the assistant offered in {@code messageId}; {@code steps} is the JSON of its steps. */
@MappedEntity("assistant_suggestion")
public record Suggestion(
        @Id UUID id,
        UUID conversationId,
        UUID messageId,
        SuggestionStatus status,
        String intent,
        UUID inputFileId,
        String steps,
        @Nullable UUID runId,
        Instant createdAt,
        @Nullable Instant decidedAt) {
}
