package io.sheetflow.file;

import io.micronaut.transaction.annotation.Transactional;
import io.sheetflow.api.ApiException;
import jakarta.inject.Singleton;

import java.time.Instant;

/** Completes a pending upload and records the file, its count and its history message in one transaction. */
@Singleton
public class DirectUploadCatalog {
    private final PendingUploadRepository pending;
    private final FileCatalog catalog;

    public DirectUploadCatalog(PendingUploadRepository pending, FileCatalog catalog) {
        this.pending = pending;
        this.catalog = catalog;
    }

    @Transactional
    public StoredFile complete(PendingUpload upload, StoredFile file) {
        if (pending.markCompleted(upload.id(), Instant.now()) == 0) {
            throw ApiException.conflict("This upload was already completed (file_id " + upload.id() + ")");
        }
        return catalog.add(file, "Uploaded " + file.displayName());
    }
}
