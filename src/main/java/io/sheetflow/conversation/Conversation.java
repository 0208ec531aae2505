package io.sheetflow.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

@MappedEntity("conversation")
public record Conversation(
        @Id UUID id,
        String owner,
        String participantName,
        @Nullable String title,
        ConversationStatus status,
        @Nullable String preview,
        long messageCount,
        long fileCount,
        @Nullable String lastRunStatus,
        long lastEventSeq,
        Instant createdAt,
        Instant updatedAt) {
}
