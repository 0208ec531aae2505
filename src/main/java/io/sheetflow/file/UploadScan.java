package io.sheetflow.file;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One pass over a file's bytes: its size, its SHA-256 and its first bytes (for {@link UploadContentCheck}),
 * optionally copied to a stream as they are read. Used for uploads as they arrive, for direct uploads once they are
 * in the store, and for files the server writes itself.
 */
final class UploadScan {
    static final int HEAD_BYTES = 8192;
    private static final int BUFFER_BYTES = 1 << 16;

    private UploadScan() {
    }

    /**
     * @param overLimit more than the limit arrived: reading stopped there, and {@code size} is past the limit but
     *                  not the whole length ({@code sha256} is then null)
     */
    record Result(long size, @Nullable String sha256, byte[] head, int headLength, boolean overLimit) {
    }

    /**
     * Reads {@code in} to its end, or only until more than {@code limit} bytes came: the chunk that passes the limit
     * is neither hashed nor copied.
     */
    static Result scan(InputStream in, @Nullable OutputStream copy, long limit) throws IOException {
        MessageDigest digest = sha256();
        byte[] head = new byte[HEAD_BYTES];
        int headLength = 0;
        long size = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (n == 0) {
                continue;
            }
            size += n;
            if (size > limit) {
                return new Result(size, null, head, headLength, true);
            }
            if (headLength < HEAD_BYTES) {
                int copied = Math.min(n, HEAD_BYTES - headLength);
                System.arraycopy(buffer, 0, head, headLength, copied);
                headLength += copied;
            }
            digest.update(buffer, 0, n);
            if (copy != null) {
                copy.write(buffer, 0, n);
            }
        }
        return new Result(size, HexFormat.of().formatHex(digest.digest()), head, headLength, false);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
