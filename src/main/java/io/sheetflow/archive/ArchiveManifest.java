package io.sheetflow.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code manifest.json}, the first entry of an archive: everything about the conversation but its files' bytes,
 * which follow as {@code files/<file id>/<name>} entries (each file's {@code path}). JSON columns (metadata,
 * arguments, results, event payloads) are embedded as JSON, not as strings.
 */
public record ArchiveManifest(
        String format,
        int version,
        @Nullable Instant exportedAt,
        ConversationEntry conversation,
        List<MessageEntry> messages,
        List<FileEntry> files,
        List<RunEntry> runs,
        List<EventEntry> events) {

    public record ConversationEntry(UUID id, String participantName, @Nullable String title, String status,
                                    @Nullable String preview, @Nullable String lastRunStatus, Instant createdAt,
                                    Instant updatedAt) {
    }

    public record MessageEntry(UUID id, long number, String type, String content, @Nullable JsonNode metadata,
                               Instant createdAt, @Nullable String state, @Nullable String clientMessageId,
                               @Nullable UUID replyTo) {
    }

    public record FileEntry(UUID id, String path, String name, String kind, String contentType, long size,
                            String sha256, @Nullable UUID producedByStep, Instant createdAt) {
    }

    public record RunEntry(UUID id, String status, @Nullable UUID inputFileId, JsonNode requestedSteps,
                           boolean cancelRequested, @Nullable String error, Instant createdAt,
                           @Nullable Instant startedAt, @Nullable Instant finishedAt, List<StepEntry> steps) {
    }

    public record StepEntry(UUID id, int stepIndex, String operation, JsonNode arguments, String status, int progress,
                            @Nullable Long rowsDone, @Nullable Long rowsTotal, @Nullable UUID inputFileId,
                            @Nullable List<UUID> outputFileIds, @Nullable JsonNode result, @Nullable String error,
                            @Nullable Instant startedAt, @Nullable Instant finishedAt) {
    }

    public record EventEntry(long seq, @Nullable UUID runId, String type, JsonNode payload, Instant createdAt) {
    }
}
