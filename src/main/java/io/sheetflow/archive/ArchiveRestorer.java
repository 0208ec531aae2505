package io.sheetflow.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.file.ObjectStore;
import io.sheetflow.security.Caller;
import io.sheetflow.work.WorkDirectory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restores an uploaded archive as a new conversation of the caller. The upload is spooled to one work file
 * first; the manifest and every entry are checked before anything is stored; then each file is inflated (one
 * at a time, into a work file), verified against its size and SHA-256 and stored under its new key; the rows
 * come last, in one transaction. Any refusal or failure deletes the objects stored so far, so nothing is left.
 */
@Singleton
public class ArchiveRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRestorer.class);

    private final ArchiveSettings settings;
    private final RestorePlanner planner;
    private final RestoredRows rows;
    private final ObjectStore store;
    private final WorkDirectory work;
    private final ObjectMapper mapper;

    public ArchiveRestorer(ArchiveSettings settings, RestorePlanner planner, RestoredRows rows, ObjectStore store,
                           WorkDirectory work, ObjectMapper mapper) {
        this.mapper = mapper;
        this.settings = settings;
        this.planner = planner;
        this.rows = rows;
        this.store = store;
        this.work = work;
    }

    /** A Sheetflow zip archive, or a tar.gz dump made by Pycelize (told apart by their first bytes). */
    public Conversation restore(Caller caller, InputStream upload) throws IOException {
        Path spool = Files.createTempFile(work.archives(), "restore-", ".upload");
        try {
            spool(upload, spool);
            if (PycelizeDump.looksLikeOne(spool)) {
                try (PycelizeDump dump = PycelizeDump.read(spool, settings, work.archives(), mapper)) {
                    ArchiveManifest manifest = dump.manifest();
                    planner.listedEntries(manifest);
                    return store(planner.plan(manifest, caller.userId()), dump);
                }
            }
            try (ZipArchiveReader zip = ZipArchiveReader.open(spool, settings)) {
                return restore(caller, zip);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private void spool(InputStream upload, Path spool) throws IOException {
        long size = 0;
        try (OutputStream out = Files.newOutputStream(spool)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = upload.read(buffer)) > 0) {
                size += n;
                if (size > settings.maxArchiveBytes()) {
                    throw ApiException.tooLarge("The archive exceeds the limit of " + settings.maxArchiveBytes() + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        if (size == 0) {
            throw ApiException.invalid("file", "The uploaded archive is empty");
        }
    }

    private Conversation restore(Caller caller, ZipArchiveReader zip) throws IOException {
        if (!zip.has(ArchiveFormat.MANIFEST)) {
            throw ApiException.badRequest("The archive has no " + ArchiveFormat.MANIFEST);
        }
        ByteArrayOutputStream manifestBytes = new ByteArrayOutputStream();
        zip.copy(ArchiveFormat.MANIFEST, manifestBytes, settings.maxManifestBytes());
        ArchiveManifest manifest = planner.parse(manifestBytes.toByteArray());
        Map<String, Long> listed = planner.listedEntries(manifest);
        zip.checkEntries(listed);
        return store(planner.plan(manifest, caller.userId()), zip);
    }

    /** Each file verified against the manifest and stored under its new key, then the rows in one transaction. */
    private Conversation store(RestorePlanner.Planned planned, ArchiveEntries entries) throws IOException {
        List<String> stored = new ArrayList<>();
        try {
            for (RestorePlanner.FileCopy copy : planned.copies()) {
                Path entry = Files.createTempFile(work.archives(), "entry-", ".part");
                try {
                    ArchiveEntries.Copied copied;
                    try (OutputStream out = Files.newOutputStream(entry)) {
                        copied = entries.copy(copy.entryName(), out, settings.maxEntryBytes());
                    }
                    String name = ZipArchiveReader.printable(copy.entryName());
                    if (copied.size() != copy.size()) {
                        throw ApiException.badRequest("Archive entry '" + name + "' has " + copied.size()
                                + " bytes, the manifest says " + copy.size());
                    }
                    if (!copied.sha256().equals(copy.sha256())) {
                        throw ApiException.badRequest("Archive entry '" + name + "' does not match its SHA-256 in the manifest");
                    }
                    stored.add(copy.objectKey());
                    store.put(copy.objectKey(), entry, copy.contentType());
                } finally {
                    Files.deleteIfExists(entry);
                }
            }
            return rows.write(planned.rows());
        } catch (IOException | RuntimeException e) {
            for (String key : stored) {
                try {
                    store.delete(key);
                } catch (IOException | RuntimeException cleanup) {
                    LOG.warn("Could not remove object {} of a failed restore", key, cleanup);
                }
            }
            throw e;
        }
    }
}
