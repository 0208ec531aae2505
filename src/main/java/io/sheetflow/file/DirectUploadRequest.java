package io.sheetflow.file;

import io.micronaut.core.annotation.Nullable;

/** {@code POST .../uploads}: what the client is about to PUT. {@code content_type} is informational: the stored type follows the extension. */
public record DirectUploadRequest(
        @Nullable String filename,
        @Nullable Long size,
        @Nullable String sha256,
        @Nullable String contentType) {
}
