package io.sheetflow.archive;

import io.sheetflow.api.ApiException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A spooled zip upload, read through its central directory. {@link #checkEntries} looks at every entry before
 * anything is taken out (names, duplicates, symlinks, encryption, count, declared sizes, listed in the manifest);
 * {@link #copy} then inflates one entry while counting what it really yields (declared sizes can lie), its
 * compression ratio and its SHA-256.
 */
final class ZipArchiveReader implements ArchiveEntries, Closeable {
    /** S_IFMT and S_IFLNK of the unix mode kept in the upper half of a zip entry's external attributes. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;

    private final ZipFile zip;
    private final ArchiveSettings limits;
    private final Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();
    private long totalInflated;

    private ZipArchiveReader(ZipFile zip, ArchiveSettings limits) {
        this.zip = zip;
        this.limits = limits;
    }

    /** 400 when the file is no zip or was cut short (its end-of-central-directory record is then missing). */
    static ZipArchiveReader open(Path file, ArchiveSettings limits) {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(file).get();
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("The archive is truncated or not a valid zip file");
        }
        ZipArchiveReader reader = new ZipArchiveReader(zip, limits);
        try {
            reader.index();
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    private void index() {
        int count = 0;
        for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
            String name = entry.getName();
            if (++count > limits.maxEntries()) {
                throw ApiException.tooLarge("The archive has more than " + limits.maxEntries() + " entries");
            }
            EntryNames.problem(name).ifPresent(problem -> {
                throw ApiException.badRequest("Archive entry '" + printable(name) + "' " + problem);
            });
            int mode = (int) ((entry.getExternalAttributes() >> 16) & 0xFFFF);
            if ((mode & S_IFMT) == S_IFLNK || entry.isUnixSymlink()) {
                throw ApiException.badRequest("Archive entry '" + printable(name) + "' is a symbolic link");
            }
            if (entry.isDirectory()) {
                throw ApiException.badRequest("Archive entry '" + printable(name) + "' is a directory, which the format has none of");
            }
            if (entries.putIfAbsent(name, entry) != null) {
                throw ApiException.badRequest("Archive entry '" + printable(name) + "' appears more than once");
            }
            if (!zip.canReadEntryData(entry)) {
                throw ApiException.badRequest("Archive entry '" + printable(name)
                        + "' is encrypted or uses an unsupported compression method");
            }
            long declared = entry.getSize();
            if (declared > limits.maxEntryBytes()) {
                throw ApiException.tooLarge("Archive entry '" + printable(name) + "' is larger than the limit of "
                        + limits.maxEntryBytes() + " bytes");
            }
        }
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    /** Every entry must be the manifest or a listed file, and every listed file must be there. */
    void checkEntries(Map<String, Long> listedSizes) {
        long declaredTotal = 0;
        for (var e : entries.entrySet()) {
            if (!e.getKey().equals(ArchiveFormat.MANIFEST) && !listedSizes.containsKey(e.getKey())) {
                throw ApiException.badRequest("Archive entry '" + printable(e.getKey()) + "' is not listed in the manifest");
            }
            declaredTotal += Math.max(0, e.getValue().getSize());
        }
        for (String listed : listedSizes.keySet()) {
            if (!entries.containsKey(listed)) {
                throw ApiException.badRequest("The manifest lists '" + printable(listed) + "' but the archive has no such entry");
            }
        }
        if (declaredTotal > limits.maxTotalBytes()) {
            throw ApiException.tooLarge("The archive's entries together exceed the limit of " + limits.maxTotalBytes() + " bytes");
        }
    }

    Set<String> names() {
        return entries.keySet();
    }

    /**
     * Inflates an entry into {@code out}, at most {@code maxBytes} of it, and within the total and ratio limits:
     * 413 past a size limit, 400 past the ratio or when the entry's data is cut short or corrupt.
     */
    @Override
    public Copied copy(String name, OutputStream out, long maxBytes) {
        ZipArchiveEntry entry = entries.get(name);
        long[] size = {0};
        long compressedDeclared = Math.max(1, entry.getCompressedSize());
        try (InputStream in = zip.getInputStream(entry)) {
            return ArchiveEntries.hashingCopy(in, out, n -> {
                size[0] += n;
                totalInflated += n;
                if (size[0] > maxBytes) {
                    throw ApiException.tooLarge("Archive entry '" + printable(name) + "' is larger than the limit of "
                            + maxBytes + " bytes");
                }
                if (totalInflated > limits.maxTotalBytes()) {
                    throw ApiException.tooLarge("The archive's entries together exceed the limit of "
                            + limits.maxTotalBytes() + " bytes");
                }
                if (size[0] > limits.ratioGraceBytes()) {
                    long compressed = in instanceof InputStreamStatistics stats
                            ? Math.max(1, stats.getCompressedCount()) : compressedDeclared;
                    if (size[0] / compressed > limits.maxCompressionRatio()) {
                        throw ApiException.badRequest("Archive entry '" + printable(name) + "' inflates more than "
                                + limits.maxCompressionRatio() + " times its compressed size (a zip bomb?)");
                    }
                }
            });
        } catch (IOException e) {
            throw ApiException.badRequest("Archive entry '" + printable(name) + "' is truncated or corrupt");
        }
    }

    InputStream open(String name) throws IOException {
        return zip.getInputStream(entries.get(name));
    }

    static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(200).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // a read-only file handle
        }
    }
}
