package io.sheetflow.conversation;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * A conversation in lists: enough for a list view without loading the history. {@code partition_key} and
 * {@code metadata} (always empty) are Pycelize's fields, carried for its clients.
 */
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
        Instant updatedAt,
        String partitionKey,
        Map<String, Object> metadata) {
    private static final DateTimeFormatter PARTITION = DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

    public static ConversationSummary of(Conversation c) {
        return new ConversationSummary(c.id(), c.participantName(), c.title(), c.status(), c.preview(),
                c.messageCount(), c.fileCount(), c.lastRunStatus(), c.lastEventSeq(), c.createdAt(), c.updatedAt(),
                partitionKey(c), Map.of());
    }

    /**
     * Pycelize's {@code partition_key} (its default time-based one: the UTC creation month, {@code yyyy/MM});
     * Sheetflow stores nothing by it, its clients only carry it.
     */
    public static String partitionKey(Conversation c) {
        return PARTITION.format(c.createdAt());
    }
}
