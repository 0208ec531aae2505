package io.sheetflow.conversation;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A conversation in lists: enough for a list view without loading the history. */
public record ConversationSummary(
        UUID chatId,
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

    public static ConversationSummary of(Conversation c) {
        return new ConversationSummary(c.id(), c.participantName(), c.title(), c.status(), c.preview(),
                c.messageCount(), c.fileCount(), c.lastRunStatus(), c.lastEventSeq(), c.createdAt(), c.updatedAt());
    }
}
