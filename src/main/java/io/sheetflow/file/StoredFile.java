package io.sheetflow.file;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** Metadata of one stored file; the bytes live in the {@link ObjectStore} under {@code objectKey}. */
@MappedEntity("stored_file")
public record StoredFile(
        @Id UUID id,
        UUID conversationId,
        String owner,
        FileKind kind,
        String displayName,
        String objectKey,
        String contentType,
        long sizeBytes,
        String sha256,
        @Nullable UUID producedByStep,
        Instant createdAt) {
}
