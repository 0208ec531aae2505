package io.sheetflow.archive;

import io.sheetflow.operation.rest.StatelessOutput;

/**
 * The answer to {@code POST .../dump}: Pycelize's {@code dump_file} and {@code download_url}, with the kept
 * download's id, size, SHA-256 and expiry (the fields of a one-shot operation's output file).
 */
public record ArchiveDownload(String dumpFile, String fileId, String filename, String contentType, long size,
                              String sha256, String expiresAt, String downloadUrl) {
    static ArchiveDownload of(StatelessOutput kept, String downloadUrl) {
        return new ArchiveDownload(kept.displayName(), kept.id().toString(), kept.displayName(), kept.contentType(),
                kept.sizeBytes(), kept.sha256(), kept.expiresAt().toString(), downloadUrl);
    }
}
