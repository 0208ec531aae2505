package io.sheetflow.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.api.ApiException;
import io.sheetflow.archive.ArchiveManifest.EventEntry;
import io.sheetflow.archive.ArchiveManifest.FileEntry;
import io.sheetflow.archive.ArchiveManifest.MessageEntry;
import io.sheetflow.archive.ArchiveManifest.RunEntry;
import io.sheetflow.archive.ArchiveManifest.StepEntry;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationStatus;
import io.sheetflow.conversation.Message;
import io.sheetflow.conversation.MessageState;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.file.FileKind;
import io.sheetflow.file.FileNames;
import io.sheetflow.file.ObjectKeys;
import io.sheetflow.file.StoredFile;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.workflow.RunStatus;
import io.sheetflow.workflow.StepStatus;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowStep;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and checks a manifest, then turns it into the rows of a new conversation owned by the caller: new ids
 * everywhere (mapped in every reference), new object keys, and nothing left half-way: runs that were queued or
 * running and replies still being written when the archive was made end as failed / error here, so no worker
 * or recovery sweep ever picks them up.
 */
@Singleton
public class RestorePlanner {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final String INTERRUPTED = "Interrupted: the archive was made while this run had not ended";

    private final ObjectMapper mapper;

    public RestorePlanner(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A file to take out of the archive and store under its new key. */
    public record FileCopy(String entryName, long size, String sha256, String objectKey, String contentType) {
    }

    public record Planned(RestoredRows.Plan rows, List<FileCopy> copies) {
    }

    public ArchiveManifest parse(byte[] json) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (IOException e) {
            throw ApiException.badRequest("manifest.json is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("manifest.json is not a JSON object");
        }
        if (!ArchiveFormat.NAME.equals(tree.path("format").asText(null))) {
            throw ApiException.badRequest("Not a Sheetflow conversation archive: manifest.json's format is not '"
                    + ArchiveFormat.NAME + "'");
        }
        JsonNode version = tree.get("version");
        if (version == null || !version.isInt() || version.intValue() != ArchiveFormat.VERSION) {
            throw ApiException.badRequest("Unsupported archive version " + (version == null ? "(none)" : version.toString())
                    + "; this server reads version " + ArchiveFormat.VERSION);
        }
        try {
            return mapper.treeToValue(tree, ArchiveManifest.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("manifest.json does not match the format" + where(e));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("manifest.json does not match the format");
        }
    }

    private static String where(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return " at " + path;
        }
        return "";
    }

    /** The entries the manifest lists, with their sizes; 400 when a listed path or file is not acceptable. */
    public Map<String, Long> listedEntries(ArchiveManifest m) {
        Map<String, Long> listed = new LinkedHashMap<>();
        Set<UUID> ids = new HashSet<>();
        int i = 0;
        for (FileEntry f : list(m.files())) {
            String at = "files[" + i++ + "]";
            require(f != null && f.id() != null && f.path() != null && f.name() != null && f.sha256() != null
                    && f.createdAt() != null, at + " lacks id, path, name, sha256 or created_at");
            require(ids.add(f.id()), at + " repeats the file id " + f.id());
            EntryNames.problem(f.path()).ifPresent(p -> {
                throw ApiException.badRequest(at + ".path '" + ZipArchiveReader.printable(f.path()) + "' " + p);
            });
            require(f.path().startsWith(ArchiveFormat.FILES_PREFIX), at + ".path must be under " + ArchiveFormat.FILES_PREFIX);
            require(listed.put(f.path(), f.size()) == null, at + ".path repeats '" + ZipArchiveReader.printable(f.path()) + "'");
            require(f.size() >= 0, at + ".size is negative");
            require(SHA256.matcher(f.sha256()).matches(), at + ".sha256 is not a lower-case hex SHA-256");
        }
        return listed;
    }

    public Planned plan(ArchiveManifest m, String owner) {
        require(m.conversation() != null && m.conversation().id() != null && m.conversation().createdAt() != null,
                "manifest.json has no conversation");
        IdMap ids = new IdMap();
        UUID chatId = ids.assign(m.conversation().id());
        // Every id first, so that references in any order (a reply to a later message, a file made by a step) map.
        list(m.files()).forEach(f -> ids.assign(f.id()));
        Set<Long> numbers = new HashSet<>();
        for (MessageEntry e : list(m.messages())) {
            require(e != null && e.id() != null && !ids.defines(e.id()), "a message lacks an id or repeats one");
            ids.assign(e.id());
        }
        for (RunEntry r : list(m.runs())) {
            require(r != null && r.id() != null && !ids.defines(r.id()), "a run lacks an id or repeats one");
            ids.assign(r.id());
            for (StepEntry s : list(r.steps())) {
                require(s != null && s.id() != null && !ids.defines(s.id()), "a step of run " + r.id() + " lacks an id or repeats one");
                ids.assign(s.id());
            }
        }
        Instant now = Instant.now();

        List<Message> messages = new ArrayList<>();
        int i = 0;
        for (MessageEntry e : list(m.messages())) {
            String at = "messages[" + i++ + "]";
            require(e.content() != null && e.createdAt() != null && e.type() != null, at + " lacks type, content or created_at");
            require(e.number() > 0 && numbers.add(e.number()), at + ".number is not positive or repeats");
            MessageState state = e.state() == null ? null : parse(MessageState.class, e.state(), at + ".state");
            if (state != null && !state.isFinal()) {
                state = MessageState.ERROR;
            }
            messages.add(new Message(ids.get(e.id()), chatId, e.number(), parse(MessageType.class, e.type(), at + ".type"),
                    e.content(), json(e.metadata(), ids), e.createdAt(), state, clip(e.clientMessageId(), 100),
                    ids.get(e.replyTo())));
        }

        List<StoredFile> files = new ArrayList<>();
        List<FileCopy> copies = new ArrayList<>();
        i = 0;
        for (FileEntry f : list(m.files())) {
            String at = "files[" + i++ + "]";
            String name = FileNames.sanitise(f.name());
            require(!name.isEmpty(), at + ".name has no usable file name");
            UUID fileId = ids.get(f.id());
            String key = ObjectKeys.forFile(chatId, fileId);
            // The content type follows the name, as for uploads: never a type the archive chose (text/html...).
            String contentType = SheetFormat.fromExtension(FileNames.extension(name))
                    .map(SheetFormat::contentType).orElse("application/octet-stream");
            FileKind kind = f.kind() == null ? FileKind.UPLOADED : parse(FileKind.class, f.kind(), at + ".kind");
            files.add(new StoredFile(fileId, chatId, owner, kind, name, key, contentType, f.size(), f.sha256(),
                    ids.get(f.producedByStep()), f.createdAt()));
            copies.add(new FileCopy(f.path(), f.size(), f.sha256(), key, contentType));
        }

        List<WorkflowRun> runs = new ArrayList<>();
        List<WorkflowStep> steps = new ArrayList<>();
        i = 0;
        for (RunEntry r : list(m.runs())) {
            String at = "runs[" + i++ + "]";
            require(r.status() != null && r.createdAt() != null && r.requestedSteps() != null,
                    at + " lacks status, created_at or requested_steps");
            RunStatus status = parse(RunStatus.class, r.status(), at + ".status");
            boolean interrupted = !status.isTerminal();
            UUID runId = ids.get(r.id());
            runs.add(new WorkflowRun(runId, chatId, owner, interrupted ? RunStatus.FAILED : status,
                    fileId(r.inputFileId(), ids, m), json(r.requestedSteps(), ids), r.cancelRequested(),
                    interrupted ? INTERRUPTED : r.error(), r.createdAt(), r.startedAt(),
                    interrupted && r.finishedAt() == null ? now : r.finishedAt()));
            Set<Integer> indexes = new HashSet<>();
            int j = 0;
            for (StepEntry s : list(r.steps())) {
                String sat = at + ".steps[" + j++ + "]";
                require(s.operation() != null && s.arguments() != null && s.status() != null,
                        sat + " lacks operation, arguments or status");
                require(indexes.add(s.stepIndex()), sat + ".step_index repeats");
                StepStatus stepStatus = parse(StepStatus.class, s.status(), sat + ".status");
                boolean stepOpen = stepStatus == StepStatus.PENDING || stepStatus == StepStatus.RUNNING;
                steps.add(new WorkflowStep(ids.get(s.id()), runId, s.stepIndex(), clip(s.operation(), 100),
                        json(s.arguments(), ids), stepOpen ? StepStatus.FAILED : stepStatus,
                        Math.max(0, Math.min(100, s.progress())), s.rowsDone(), s.rowsTotal(), fileId(s.inputFileId(), ids, m),
                        outputIds(s.outputFileIds(), ids, m), json(s.result(), ids), stepOpen ? INTERRUPTED : s.error(),
                        s.startedAt(), stepOpen && s.finishedAt() == null ? now : s.finishedAt()));
            }
        }

        List<RestoredRows.EventRow> events = new ArrayList<>();
        Set<Long> seqs = new HashSet<>();
        long lastSeq = 0;
        i = 0;
        for (EventEntry e : list(m.events())) {
            String at = "events[" + i++ + "]";
            require(e != null && e.type() != null && e.payload() != null && e.payload().isObject(),
                    at + " lacks type or an object payload");
            require(e.seq() > 0 && seqs.add(e.seq()), at + ".seq is not positive or repeats");
            require(e.type().length() <= 40, at + ".type is too long");
            UUID runId = ids.get(e.runId());
            events.add(new RestoredRows.EventRow(chatId, e.seq(), runId, e.type(), json(e.payload(), ids),
                    e.createdAt() == null ? now : e.createdAt()));
            lastSeq = Math.max(lastSeq, e.seq());
        }

        var c = m.conversation();
        ConversationStatus status = c.status() == null ? ConversationStatus.ACTIVE
                : parse(ConversationStatus.class, c.status(), "conversation.status");
        if (status == ConversationStatus.PROCESSING) {
            status = ConversationStatus.FAILED;
        }
        String lastRunStatus = runs.stream().max(Comparator.comparing(WorkflowRun::createdAt))
                .map(r -> r.status().value()).orElse(null);
        String participant = c.participantName() == null || c.participantName().isBlank() ? "Restored" : c.participantName();
        Conversation conversation = new Conversation(chatId, owner, clip(participant, 100), clip(c.title(), 200), status,
                clip(c.preview(), 300), messages.size(), files.size(), lastRunStatus, lastSeq, c.createdAt(), now);
        return new Planned(new RestoredRows.Plan(conversation, messages, files, runs, steps, events), copies);
    }

    private static UUID fileId(UUID archived, IdMap ids, ArchiveManifest m) {
        return archived != null && list(m.files()).stream().anyMatch(f -> f.id().equals(archived)) ? ids.get(archived) : null;
    }

    /** Only files of this archive: an id of any other file could name someone else's. */
    private static String outputIds(List<UUID> archived, IdMap ids, ArchiveManifest m) {
        if (archived == null || archived.isEmpty()) {
            return null;
        }
        Set<UUID> files = new HashSet<>();
        list(m.files()).forEach(f -> files.add(f.id()));
        String mapped = archived.stream().filter(files::contains).map(id -> ids.get(id).toString())
                .collect(java.util.stream.Collectors.joining(","));
        return mapped.isEmpty() ? null : mapped;
    }

    private String json(JsonNode node, IdMap ids) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return ids.remap(mapper.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("manifest.json holds a value that cannot be stored");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("manifest.json: " + field + " has the unknown value '"
                    + ZipArchiveReader.printable(value) + "'");
        }
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw ApiException.badRequest("manifest.json: " + problem);
        }
    }
}
