package io.sheetflow.file;

import io.sheetflow.work.WorkDirectory;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.metrics.Meters;
import io.sheetflow.operation.InputFile;
import io.sheetflow.sheet.SheetFormat;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Stores files: bytes to the object store, metadata to the database, in that order, undoing the first when
 * the second fails, so a failed upload leaves neither a row nor an orphan object.
 */
@Singleton
public class FileService {
    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);

    private final ObjectStore store;
    private final FileCatalog catalog;
    private final UploadSettings settings;
    private final Path spoolDir;
    private final Meters meters;

    public FileService(ObjectStore store, FileCatalog catalog, UploadSettings settings,
                       WorkDirectory workDirectory, Meters meters) {
        this.meters = meters;
        this.store = store;
        this.catalog = catalog;
        this.settings = settings;
        this.spoolDir = workDirectory.uploads();
    }

    /** Stores an upload streamed from the client; checks name, type, size and content on the way. */
    public StoredFile upload(Conversation conversation, String clientFileName, InputStream content) throws IOException {
        CheckedUpload upload = receive(clientFileName, content, spoolDir);
        try {
            return store(conversation, FileKind.UPLOADED, upload.displayName(), upload.format().contentType(),
                    upload.path(), upload.size(), upload.sha256(), null, "Uploaded " + upload.displayName());
        } finally {
            Files.deleteIfExists(upload.path());
        }
    }

    /**
     * Stores the {@code field} part of a multipart body, parsed here ({@link MultipartFileStream}) rather than by the
     * server's decoder, so the file's bytes go straight to the one spool file: no decoder buffer on disk or in memory.
     */
    public StoredFile uploadMultipart(Conversation conversation, String contentType, InputStream body, String field)
            throws IOException {
        return MultipartFileStream.readFilePart(contentType, body, field,
                (filename, content) -> upload(conversation, filename, content));
    }

    /**
     * Spools an upload into {@code dir} with the same checks as a conversation upload (name, allowed type, size
     * limit, non-empty, content matching the extension). The caller owns (and deletes) the returned file.
     */
    public CheckedUpload receive(String clientFileName, InputStream content, Path dir) throws IOException {
        String displayName = displayName(clientFileName, "file");
        SheetFormat format = allowedFormat(displayName);
        Path spool = Files.createTempFile(dir, "upload-", ".part");
        try {
            UploadScan.Result spooled;
            try (OutputStream out = Files.newOutputStream(spool)) {
                spooled = UploadScan.scan(content, out, settings.maxBytes());
            }
            if (spooled.overLimit()) {
                throw ApiException.tooLarge("The file exceeds the upload limit of " + humanBytes(settings.maxBytes()));
            }
            if (spooled.size() == 0) {
                throw ApiException.invalid("file", "The uploaded file is empty");
            }
            UploadContentCheck.mismatch(format, spooled.head(), spooled.headLength()).ifPresent(message -> {
                throw ApiException.unsupportedType(message);
            });
            meters.uploaded("body", spooled.size());
            return new CheckedUpload(displayName, format, spool, spooled.size(), spooled.sha256());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    /** The sanitised display name of a client's file name; 422 naming {@code field} when nothing usable is left. */
    public static String displayName(String clientFileName, String field) {
        String displayName = clientFileName == null ? "" : FileNames.sanitise(clientFileName);
        if (displayName.isEmpty()) {
            throw ApiException.invalid(field, "The uploaded file has no usable file name");
        }
        return displayName;
    }

    /** The format of an allowed upload, by extension; 415 listing the allowed ones otherwise. */
    public SheetFormat allowedFormat(String displayName) {
        String extension = FileNames.extension(displayName);
        SheetFormat format = settings.allowedExtensions().contains(extension)
                ? SheetFormat.fromExtension(extension).orElse(null) : null;
        if (format == null) {
            throw ApiException.unsupportedType("Unsupported file type '" + (extension.isEmpty() ? displayName : "." + extension)
                    + "'. Allowed: " + String.join(", ", settings.allowedExtensions().stream().map(e -> "." + e).toList()));
        }
        return format;
    }

    /** An upload that passed the checks, spooled to a local file. */
    public record CheckedUpload(String displayName, SheetFormat format, Path path, long size, String sha256) {
    }

    /**
     * Moves a finished local file into the store and records it. The local file is consumed.
     */
    public StoredFile store(Conversation conversation, FileKind kind, String displayName, String contentType,
                            Path localFile, long size, String sha256, UUID producedByStep,
                            String historyMessage) throws IOException {
        UUID fileId = UUID.randomUUID();
        String key = ObjectKeys.forFile(conversation.id(), fileId);
        store.put(key, localFile, contentType);
        try {
            return catalog.add(new StoredFile(fileId, conversation.id(), conversation.owner(), kind, displayName, key,
                    contentType, size, sha256, producedByStep, Instant.now()), historyMessage);
        } catch (RuntimeException e) {
            deleteQuietly(key);
            throw e;
        }
    }

    /** Stores a file an operation wrote, computing size and checksum. */
    public StoredFile storeLocal(Conversation conversation, FileKind kind, String displayName, String contentType,
                                 Path localFile, UUID producedByStep) throws IOException {
        Checksum checksum = checksum(localFile);
        return store(conversation, kind, displayName, contentType, localFile, checksum.size(), checksum.sha256(),
                producedByStep, null);
    }

    /** Size and SHA-256 of a local file. */
    public static Checksum checksum(Path localFile) throws IOException {
        try (InputStream in = Files.newInputStream(localFile)) {
            UploadScan.Result scanned = UploadScan.scan(in, null, Long.MAX_VALUE);
            return new Checksum(scanned.size(), scanned.sha256());
        }
    }

    public record Checksum(long size, String sha256) {
    }

    public InputStream open(StoredFile file) throws IOException {
        return store.get(file.objectKey());
    }

    /** The stored file as a step input: its name, its format by extension and a local copy (see materialise). */
    public InputFile materialiseInput(StoredFile file, Path dir) throws IOException {
        return new InputFile(file.id().toString(), file.displayName(),
                SheetFormat.fromFileName(file.displayName()).orElse(SheetFormat.TEXT), materialise(file, dir),
                file.sizeBytes());
    }

    /** A local file with the stored bytes: the object itself for a local store, else a copy in {@code dir}. */
    public Path materialise(StoredFile file, Path dir) throws IOException {
        var local = store.localPath(file.objectKey());
        if (local.isPresent()) {
            return local.get();
        }
        Path copy = Files.createTempFile(dir, "input-", "." + FileNames.extension(file.displayName()));
        try (InputStream in = store.get(file.objectKey())) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    /** Deletes every stored object of a conversation (rows go with the conversation). */
    public void deleteObjectsOf(UUID conversationId) throws IOException {
        store.deletePrefix(ObjectKeys.chatPrefix(conversationId));
    }

    public static Map<String, Object> describe(StoredFile file, String downloadUrl) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("file_id", file.id().toString());
        view.put("filename", file.displayName());
        view.put("kind", file.kind().value());
        view.put("content_type", file.contentType());
        view.put("size", file.sizeBytes());
        view.put("sha256", file.sha256());
        view.put("download_url", downloadUrl);
        return view;
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (IOException e) {
            LOG.warn("Could not remove object {} after a failed write", key, e);
        }
    }

    static String humanBytes(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return String.format(Locale.ROOT, "%,d bytes", bytes);
    }
}
