package io.sheetflow.file;

import io.sheetflow.work.WorkDirectory;
import io.micronaut.http.HttpStatus;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.metrics.Meters;
import io.sheetflow.sheet.SheetFormat;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Direct uploads, one client flow for both runtimes: start (a pending row and an upload URL), the client PUTs the
 * bytes (to S3 through a presigned URL, or to this server's content endpoint with a one-time token), complete
 * (the object is checked like a normal upload, then recorded). The client PUTs to a staging key; complete moves
 * the object to the file's own key first and checks it there, so a PUT to the still-valid URL afterwards cannot
 * change the bytes whose SHA-256 was recorded. A failed check deletes the object and the pending row.
 */
@Singleton
public class DirectUploads {
    private static final Logger LOG = LoggerFactory.getLogger(DirectUploads.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Meters meters;
    private final ObjectStore store;
    private final PendingUploadRepository pending;
    private final DirectUploadCatalog catalog;
    private final FileService files;
    private final UploadSettings uploadSettings;
    private final DirectUploadSettings settings;
    private final Links links;
    private final Path spoolDir;
    private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.EPOCH);

    public DirectUploads(ObjectStore store, PendingUploadRepository pending, DirectUploadCatalog catalog,
                         FileService files, UploadSettings uploadSettings, DirectUploadSettings settings, Links links,
                         WorkDirectory workDirectory, Meters meters) {
        this.meters = meters;
        this.store = store;
        this.pending = pending;
        this.catalog = catalog;
        this.files = files;
        this.uploadSettings = uploadSettings;
        this.settings = settings;
        this.links = links;
        this.spoolDir = workDirectory.uploads();
    }

    /** Checks what the client declares and hands out where to PUT the bytes. */
    public DirectUploadTicket start(Conversation conversation, DirectUploadRequest request) {
        sweepOpportunistically();
        if (request == null) {
            throw ApiException.invalid("filename", "Send {\"filename\": ..., \"size\": ...} as JSON");
        }
        String displayName = FileService.displayName(request.filename(), "filename");
        SheetFormat format = files.allowedFormat(displayName);
        if (request.size() == null || request.size() <= 0) {
            throw ApiException.invalid("size", "size must be the file's length in bytes (a positive number)");
        }
        if (request.size() > uploadSettings.maxBytes()) {
            throw ApiException.tooLarge("The file exceeds the upload limit of " + FileService.humanBytes(uploadSettings.maxBytes()));
        }
        String sha256 = null;
        if (request.sha256() != null && !request.sha256().isBlank()) {
            if (!SHA256.matcher(request.sha256()).matches()) {
                throw ApiException.invalid("sha256", "sha256 must be 64 hexadecimal characters");
            }
            sha256 = request.sha256().toLowerCase(Locale.ROOT);
        }
        UUID id = UUID.randomUUID();
        String key = ObjectKeys.forStagedUpload(conversation.id(), id);
        Instant now = Instant.now();
        Instant expiresAt = now.plus(settings.ttl());
        String contentType = format.contentType();
        var presigned = store.presignPut(key, settings.ttl(), contentType, request.size());
        String token = null;
        String uploadUrl;
        Map<String, String> headers;
        if (presigned.isPresent()) {
            uploadUrl = presigned.get().url().toString();
            headers = presigned.get().headers();
        } else {
            token = newToken();
            uploadUrl = uploadRoute(conversation.id(), id, "content") + "?upload_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            headers = Map.of("Content-Type", contentType);
        }
        pending.save(new PendingUpload(id, conversation.id(), conversation.owner(), displayName, key, contentType,
                request.size(), sha256, token == null ? null : sha256Hex(token), now, expiresAt, null));
        return new DirectUploadTicket(id, displayName, request.size(), uploadUrl, "PUT", headers, expiresAt,
                uploadRoute(conversation.id(), id, "complete"));
    }

    /** The filesystem store's stand-in for a presigned PUT: the token in the URL authenticates the request. */
    public void receive(UUID conversationId, UUID uploadId, String token, InputStream body) throws IOException {
        PendingUpload upload = pending.findByIdAndConversationId(uploadId, conversationId)
                .orElseThrow(() -> ApiException.notFound("Unknown upload id " + uploadId));
        if (upload.tokenHash() == null || token == null
                || !MessageDigest.isEqual(upload.tokenHash().getBytes(StandardCharsets.US_ASCII),
                sha256Hex(token).getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden", "The upload_token is missing or wrong for this upload", null);
        }
        requireOpen(upload);
        Path spool = Files.createTempFile(spoolDir, "direct-", ".part");
        try {
            long size = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = body; OutputStream out = Files.newOutputStream(spool)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    size += n;
                    if (size > upload.sizeBytes()) {
                        throw ApiException.tooLarge("The body is larger than the declared size of " + upload.sizeBytes() + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            store.put(upload.objectKey(), spool, upload.contentType());
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Verifies the uploaded object against the declaration and the upload rules, then records the file. */
    public StoredFile complete(Conversation conversation, UUID uploadId) throws IOException {
        PendingUpload upload = pending.findByIdAndConversationId(uploadId, conversation.id())
                .orElseThrow(() -> ApiException.notFound("Unknown upload id " + uploadId));
        requireOpen(upload);
        String fileKey = ObjectKeys.forFile(upload.conversationId(), upload.id());
        try {
            store.move(upload.objectKey(), fileKey);
        } catch (ObjectNotFoundException e) {
            // Nothing staged: not PUT yet, or an earlier complete moved it and stopped before recording.
            if (!store.exists(fileKey)) {
                throw ApiException.conflict("Nothing was uploaded yet: PUT the file to the upload_url first");
            }
        }
        UploadScan.Result verified;
        try (InputStream in = store.get(fileKey)) {
            verified = UploadScan.scan(in, null, upload.sizeBytes());
        }
        if (verified.size() != upload.sizeBytes()) {
            discard(upload);
            throw ApiException.invalid("size", "The uploaded content has " + (verified.size() > upload.sizeBytes()
                    ? "more than " + upload.sizeBytes() : verified.size()) + " bytes, but the upload declared "
                    + upload.sizeBytes() + "; start a new upload");
        }
        if (upload.sha256() != null && !upload.sha256().equals(verified.sha256())) {
            discard(upload);
            throw ApiException.invalid("sha256", "The uploaded content's SHA-256 is " + verified.sha256()
                    + ", not the declared " + upload.sha256() + "; start a new upload");
        }
        SheetFormat format = files.allowedFormat(upload.displayName());
        var mismatch = UploadContentCheck.mismatch(format, verified.head(), verified.headLength());
        if (mismatch.isPresent()) {
            discard(upload);
            throw ApiException.unsupportedType(mismatch.get());
        }
        StoredFile file = new StoredFile(upload.id(), upload.conversationId(), conversation.owner(), FileKind.UPLOADED,
                upload.displayName(), fileKey, upload.contentType(), verified.size(), verified.sha256(),
                null, Instant.now());
        StoredFile completed = catalog.complete(upload, file);
        meters.uploaded("direct", verified.size());
        return completed;
    }

    /**
     * Deletes expired uploads with whatever is at their staging key (a completed upload's URL stays valid until it
     * expires, so a late PUT may have left an object there); a still-pending upload's half-done file key too.
     */
    public int sweepExpired() {
        int swept = 0;
        for (PendingUpload upload : pending.findTop100ByExpiresAtLessThan(Instant.now())) {
            deleteObjectQuietly(upload.objectKey());
            if (upload.completedAt() == null) {
                deleteObjectQuietly(ObjectKeys.forFile(upload.conversationId(), upload.id()));
            }
            pending.deleteById(upload.id());
            swept++;
        }
        return swept;
    }

    /** Where no scheduler runs (Lambda), starting an upload sweeps now and then. */
    private void sweepOpportunistically() {
        Instant now = Instant.now();
        Instant due = nextSweep.get();
        if (now.isAfter(due) && nextSweep.compareAndSet(due, now.plus(settings.sweepInterval()))) {
            try {
                sweepExpired();
            } catch (RuntimeException e) {
                LOG.warn("Sweeping expired uploads failed", e);
            }
        }
    }

    private void requireOpen(PendingUpload upload) {
        if (upload.completedAt() != null) {
            throw ApiException.conflict("This upload was already completed (file_id " + upload.id() + ")");
        }
        if (upload.expired(Instant.now())) {
            discard(upload);
            throw new ApiException(HttpStatus.GONE, "Expired", "The upload expired at " + upload.expiresAt()
                    + "; start a new upload", null);
        }
    }

    private void discard(PendingUpload upload) {
        deleteObjectQuietly(upload.objectKey());
        deleteObjectQuietly(ObjectKeys.forFile(upload.conversationId(), upload.id()));
        pending.deleteById(upload.id());
    }

    private void deleteObjectQuietly(String key) {
        try {
            store.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete the object of a discarded upload {}", key, e);
        }
    }

    /** {@code .../uploads/{id}/content} (the local upload URL) or {@code .../uploads/{id}/complete}. */
    private String uploadRoute(UUID conversationId, UUID uploadId, String action) {
        return links.base() + Links.CHATS + "/" + conversationId + "/uploads/" + uploadId + "/" + action;
    }

    private static String newToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String sha256Hex(String text) {
        return HexFormat.of().formatHex(UploadScan.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
