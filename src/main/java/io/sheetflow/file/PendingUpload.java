package io.sheetflow.file;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A direct upload that was started: the client PUTs the bytes to its URL, then completes it. The id becomes the
 * stored file's id and the object is written under its final key. {@code completedAt} is null while pending.
 */
@MappedEntity("pending_upload")
public record PendingUpload(
        @Id UUID id,
        UUID conversationId,
        String owner,
        String displayName,
        String objectKey,
        String contentType,
        long sizeBytes,
        @Nullable String sha256,
        @Nullable String tokenHash,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant completedAt) {

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
