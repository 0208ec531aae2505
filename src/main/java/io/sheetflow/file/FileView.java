package io.sheetflow.file;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

public record FileView(
        UUID fileId,
        String filename,
        FileKind kind,
        String contentType,
        long size,
        String sha256,
        @Nullable UUID producedByStep,
        Instant createdAt,
        String downloadUrl) {

    public static FileView of(StoredFile file, String downloadUrl) {
        return new FileView(file.id(), file.displayName(), file.kind(), file.contentType(), file.sizeBytes(),
                file.sha256(), file.producedByStep(), file.createdAt(), downloadUrl);
    }
}
