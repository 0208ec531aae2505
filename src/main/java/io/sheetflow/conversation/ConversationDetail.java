package io.sheetflow.conversation;

import io.micronaut.core.annotation.Nullable;
import io.sheetflow.file.FileView;
import io.sheetflow.workflow.RunView;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A conversation with its latest messages, every file and every run (with steps and outputs). */
public record ConversationDetail(
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
        List<MessageView> messages,
        boolean hasMoreMessages,
        List<FileView> files,
        List<RunView> runs,
        String partitionKey,
        Map<String, Object> metadata) {
}
