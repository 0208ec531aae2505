package io.sheetflow.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.IntConsumer;

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

    /** Copies {@code in} to {@code out}, counting its bytes and their SHA-256; {@code check} sees each read first. */
    static Copied hashingCopy(InputStream in, OutputStream out, IntConsumer check) throws IOException {
        MessageDigest sha = ZipArchiveReader.sha256();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            check.accept(n);
            size += n;
            sha.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return new Copied(size, HexFormat.of().formatHex(sha.digest()));
    }
}
