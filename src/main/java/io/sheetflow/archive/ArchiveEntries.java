package io.sheetflow.archive;

import java.io.OutputStream;

/** Where a restore takes each listed file's bytes from: a zip's entries, or the files a tar.gz was unpacked to. */
interface ArchiveEntries {

    /** What an entry yielded. */
    record Copied(long size, String sha256) {
    }

    /**
     * Copies the entry named in the manifest into {@code out}, at most {@code maxBytes} of it, counting its bytes
     * and their SHA-256: 413 past a size limit, 400 when its data is cut short or corrupt.
     */
    Copied copy(String name, OutputStream out, long maxBytes);
}
