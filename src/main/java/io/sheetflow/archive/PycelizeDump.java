package io.sheetflow.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.api.ApiException;
import io.sheetflow.archive.ArchiveManifest.ConversationEntry;
import io.sheetflow.archive.ArchiveManifest.FileEntry;
import io.sheetflow.archive.ArchiveManifest.MessageEntry;
import io.sheetflow.archive.ArchiveManifest.RunEntry;
import io.sheetflow.archive.ArchiveManifest.StepEntry;
import io.sheetflow.file.FileKind;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A conversation dump made by Pycelize: a tar.gz holding one directory {@code <chat_id>/} with
 * {@code conversation_metadata.json} (its {@code Conversation.to_dict()}), {@code metadata.json}, and the files under
 * {@code uploads/}, {@code outputs/} and {@code intermediate/}. It is read in one pass, with the checks a Sheetflow
 * archive gets (names, links, duplicates, unknown entries, counts, sizes, compression ratio, truncation), each file
 * unpacked into a work file while its size and SHA-256 are counted; then translated into a manifest of this
 * server's format, so the rest of the restore is the same. Pycelize kept no event log and no runs: each of its
 * workflow steps becomes a run of one step.
 */
final class PycelizeDump implements ArchiveEntries, Closeable {
    static final String CONVERSATION = "conversation_metadata.json";
    static final String METADATA = "metadata.json";
    private static final Map<String, FileKind> FILE_DIRECTORIES = Map.of(
            "uploads", FileKind.UPLOADED, "outputs", FileKind.OUTPUT, "intermediate", FileKind.INTERMEDIATE);

    private final ArchiveManifest manifest;
    private final Map<String, Path> unpacked;

    private PycelizeDump(ArchiveManifest manifest, Map<String, Path> unpacked) {
        this.manifest = manifest;
        this.unpacked = unpacked;
    }

    /** Whether the spooled upload starts like a gzip stream (Pycelize's dumps are always gzipped). */
    static boolean looksLikeOne(Path spool) throws IOException {
        try (InputStream in = Files.newInputStream(spool)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    ArchiveManifest manifest() {
        return manifest;
    }

    /** One file of the dump as it was unpacked, with a tar entry's checks. */
    private record Unpacked(String directory, String leaf, Path file, long size, String sha256) {
    }

    static PycelizeDump read(Path spool, ArchiveSettings limits, Path workDir, ObjectMapper mapper) throws IOException {
        List<Unpacked> files = new ArrayList<>();
        try {
            byte[] conversation = unpack(spool, limits, workDir, files);
            Map<String, Path> byEntryName = new LinkedHashMap<>();
            ArchiveManifest manifest = translate(conversation, files, mapper, byEntryName);
            return new PycelizeDump(manifest, byEntryName);
        } catch (IOException | RuntimeException e) {
            for (Unpacked f : files) {
                Files.deleteIfExists(f.file());
            }
            throw e;
        }
    }

    /** Reads the whole tar.gz, unpacking its files into {@code files}; returns conversation_metadata.json's bytes. */
    private static byte[] unpack(Path spool, ArchiveSettings limits, Path workDir, List<Unpacked> files)
            throws IOException {
        byte[] conversation = null;
        String top = null;
        Set<String> seen = new HashSet<>();
        long[] total = {0};
        int count = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(spool), 64 * 1024);
             GzipCompressorInputStream gzip = new GzipCompressorInputStream(raw);
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip, "UTF-8")) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++count > limits.maxEntries()) {
                    throw ApiException.tooLarge("The archive has more than " + limits.maxEntries() + " entries");
                }
                String name = entry.getName();
                String path = entry.isDirectory() && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
                String shown = ZipArchiveReader.printable(name);
                EntryNames.problem(path).ifPresent(problem -> {
                    throw ApiException.badRequest("Archive entry '" + shown + "' " + problem);
                });
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw ApiException.badRequest("Archive entry '" + shown + "' is a link");
                }
                if (!entry.isDirectory() && !entry.isFile() || entry.isSparse()) {
                    throw ApiException.badRequest("Archive entry '" + shown + "' is neither a regular file nor a directory");
                }
                if (!seen.add(path)) {
                    throw ApiException.badRequest("Archive entry '" + shown + "' appears more than once");
                }
                String[] segments = path.split("/");
                if (top == null) {
                    top = segments[0];
                } else if (!top.equals(segments[0])) {
                    throw ApiException.badRequest("Archive entry '" + shown + "' is outside the dump's one conversation directory '"
                            + ZipArchiveReader.printable(top) + "/'");
                }
                if (entry.isDirectory()) {
                    if (segments.length > 2 || segments.length == 2 && !FILE_DIRECTORIES.containsKey(segments[1])) {
                        throw ApiException.badRequest("Archive entry '" + shown + "' is not part of a Pycelize dump");
                    }
                    continue;
                }
                if (entry.getSize() > limits.maxEntryBytes()) {
                    throw ApiException.tooLarge("Archive entry '" + shown + "' is larger than the limit of "
                            + limits.maxEntryBytes() + " bytes");
                }
                if (segments.length == 2 && segments[1].equals(CONVERSATION)) {
                    ByteArrayOutputStream json = new ByteArrayOutputStream();
                    copy(tar, gzip, json, shown, limits.maxManifestBytes(), limits, total);
                    conversation = json.toByteArray();
                } else if (segments.length == 2 && segments[1].equals(METADATA)) {
                    copy(tar, gzip, OutputStream.nullOutputStream(), shown, limits.maxManifestBytes(), limits, total);
                } else if (segments.length == 3 && FILE_DIRECTORIES.containsKey(segments[1])) {
                    Path file = Files.createTempFile(workDir, "pycelize-", ".part");
                    ArchiveEntries.Copied copied;
                    try (OutputStream out = Files.newOutputStream(file)) {
                        copied = copy(tar, gzip, out, shown, limits.maxEntryBytes(), limits, total);
                    } catch (IOException | RuntimeException e) {
                        Files.deleteIfExists(file);
                        throw e;
                    }
                    files.add(new Unpacked(segments[1], segments[2], file, copied.size(), copied.sha256()));
                } else {
                    throw ApiException.badRequest("Archive entry '" + shown + "' is not part of a Pycelize dump");
                }
            }
            // The gzip trailer (CRC-32 and length) is checked only at the end of the stream: read up to it, so a
            // dump cut short after the tar's last entry is refused too.
            gzip.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw ApiException.badRequest("The archive is truncated or not a valid zip or tar.gz file");
        }
        if (conversation == null) {
            throw ApiException.badRequest("Not a Pycelize dump: it has no " + (top == null ? "" : top + "/") + CONVERSATION);
        }
        return conversation;
    }

    private static ArchiveEntries.Copied copy(InputStream in, GzipCompressorInputStream gzip, OutputStream out,
                                              String shown, long maxBytes, ArchiveSettings limits, long[] total)
            throws IOException {
        long[] size = {0};
        return ArchiveEntries.hashingCopy(in, out, n -> {
            size[0] += n;
            total[0] += n;
            if (size[0] > maxBytes) {
                throw ApiException.tooLarge("Archive entry '" + shown + "' is larger than the limit of " + maxBytes + " bytes");
            }
            if (total[0] > limits.maxTotalBytes()) {
                throw ApiException.tooLarge("The archive's entries together exceed the limit of "
                        + limits.maxTotalBytes() + " bytes");
            }
            if (total[0] > limits.ratioGraceBytes()
                    && total[0] / Math.max(1, gzip.getCompressedCount()) > limits.maxCompressionRatio()) {
                throw ApiException.badRequest("The archive inflates more than " + limits.maxCompressionRatio()
                        + " times its compressed size (a zip bomb?)");
            }
        });
    }

    /**
     * conversation_metadata.json and the unpacked files as a manifest of this server's format; {@code byEntryName}
     * receives the work file of each manifest path ({@code files/<id>/<name>}).
     */
    private static ArchiveManifest translate(byte[] json, List<Unpacked> files, ObjectMapper mapper,
                                             Map<String, Path> byEntryName) {
        JsonNode c;
        try {
            c = mapper.readTree(json);
        } catch (IOException e) {
            throw invalid("is not valid JSON");
        }
        if (c == null || !c.isObject()) {
            throw invalid("is not a JSON object");
        }
        Instant created = time(c, "created_at", null);
        Instant updated = time(c, "updated_at", created);
        UUID chatId = uuid(c.path("chat_id").asText(null));

        checkListed(c, "uploaded_files", "uploads", files);
        checkListed(c, "output_files", "outputs", files);

        List<MessageEntry> messages = new ArrayList<>();
        long number = 0;
        for (JsonNode m : array(c, "messages")) {
            String at = "messages[" + number + "]";
            JsonNode content = m.get("content");
            JsonNode metadata = m.get("metadata");
            messages.add(new MessageEntry(uuid(m.path("message_id").asText(null)), ++number,
                    text(m, "message_type", at), content == null || content.isNull() ? ""
                    : content.isTextual() ? content.asText() : content.toString(),
                    metadata != null && metadata.isObject() ? metadata : null, time(m, "created_at", created),
                    null, null, null));
        }

        Map<String, UUID> fileIds = new LinkedHashMap<>();
        List<RunEntry> runs = new ArrayList<>();
        Map<String, UUID> producedBy = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode s : array(c, "workflow_steps")) {
            String at = "workflow_steps[" + index++ + "]";
            String status = text(s, "status", at).toLowerCase(Locale.ROOT);
            String runStatus = switch (status) {
                case "pending" -> "queued";
                case "skipped" -> "completed";
                default -> status; // running, completed, failed, cancelled: the planner refuses anything else
            };
            UUID stepId = uuid(s.path("step_id").asText(null));
            Instant started = time(s, "started_at", null, true);
            Instant finished = time(s, "completed_at", null, true);
            JsonNode arguments = s.get("arguments") != null && s.get("arguments").isObject()
                    ? s.get("arguments") : JsonNodeFactory.instance.objectNode();
            String operation = text(s, "operation", at);
            List<UUID> outputs = new ArrayList<>();
            leaf(s.path("output_file").asText(null)).ifPresent(leaf -> {
                String path = "outputs/" + leaf;
                if (files.stream().anyMatch(f -> (f.directory() + "/" + f.leaf()).equals(path))) {
                    outputs.add(fileIds.computeIfAbsent(path, p -> UUID.randomUUID()));
                    producedBy.putIfAbsent(path, stepId);
                }
            });
            ObjectNode requested = JsonNodeFactory.instance.objectNode();
            requested.put("operation", operation);
            requested.set("arguments", arguments);
            runs.add(new RunEntry(UUID.randomUUID(), runStatus, null,
                    JsonNodeFactory.instance.arrayNode().add(requested), false, s.path("error_message").asText(null),
                    started != null ? started : created, started, finished,
                    List.of(new StepEntry(stepId, 0, operation, arguments, status, s.path("progress").asInt(0),
                            null, null, null, outputs, null, s.path("error_message").asText(null), started, finished))));
        }

        List<FileEntry> entries = new ArrayList<>();
        for (Unpacked f : files) {
            String path = f.directory() + "/" + f.leaf();
            UUID id = fileIds.computeIfAbsent(path, p -> UUID.randomUUID());
            String entryName = ArchiveFormat.FILES_PREFIX + id + "/" + EntryNames.safeLeaf(f.leaf());
            byEntryName.put(entryName, f.file());
            entries.add(new FileEntry(id, entryName, f.leaf(), FILE_DIRECTORIES.get(f.directory()).value(), null, f.size(),
                    f.sha256(), producedBy.get(path), f.directory().equals("uploads") ? created : updated));
        }

        String preview = messages.isEmpty() ? null : messages.get(messages.size() - 1).content();
        ConversationEntry conversation = new ConversationEntry(chatId, c.path("participant_name").asText(null), null,
                c.path("status").asText("active").toLowerCase(Locale.ROOT), preview, null, created, updated);
        return new ArchiveManifest(ArchiveFormat.NAME, ArchiveFormat.VERSION, null, conversation, messages, entries, runs,
                List.of());
    }

    /** Every path the conversation lists (Pycelize's server paths) must have its file in the dump. */
    private static void checkListed(JsonNode c, String field, String directory, List<Unpacked> files) {
        for (JsonNode listed : array(c, field)) {
            leaf(listed.asText(null)).ifPresent(leaf -> {
                if (files.stream().noneMatch(f -> f.directory().equals(directory) && f.leaf().equals(leaf))) {
                    throw invalid("lists " + directory + "/" + ZipArchiveReader.printable(leaf)
                            + " in " + field + ", which the archive does not hold");
                }
            });
        }
    }

    private static Optional<String> leaf(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        String p = path.replace('\\', '/');
        return Optional.of(p.substring(p.lastIndexOf('/') + 1)).filter(s -> !s.isEmpty());
    }

    private static List<JsonNode> array(JsonNode c, String field) {
        JsonNode node = c.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(field + " is not an array");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(at + " has no " + field);
        }
        return value.asText();
    }

    /** Pycelize wrote naive UTC timestamps ({@code 2024-01-15T10:30:00.123456}); offsets are accepted too. */
    private static Instant time(JsonNode node, String field, Instant fallback) {
        return time(node, field, fallback, false);
    }

    private static Instant time(JsonNode node, String field, Instant fallback, boolean optional) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            if (fallback == null && !optional) {
                throw invalid("has no " + field);
            }
            return fallback;
        }
        String text = value.asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw invalid(field + " '" + ZipArchiveReader.printable(text) + "' is not an ISO-8601 timestamp");
            }
        }
    }

    /** Pycelize's ids are UUIDs; anything else gets a fresh one (every id is replaced on restore anyway). */
    private static UUID uuid(String value) {
        try {
            return value == null ? UUID.randomUUID() : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return UUID.randomUUID();
        }
    }

    private static ApiException invalid(String problem) {
        return ApiException.badRequest(CONVERSATION + " " + problem);
    }

    @Override
    public Copied copy(String name, OutputStream out, long maxBytes) {
        try (InputStream in = Files.newInputStream(unpacked.get(name))) {
            return ArchiveEntries.hashingCopy(in, out, n -> { });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Path file : unpacked.values()) {
            Files.deleteIfExists(file);
        }
    }
}
