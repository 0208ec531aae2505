package io.sheetflow.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.Message;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.file.ObjectStore;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowRunRepository;
import io.sheetflow.workflow.WorkflowStep;
import io.sheetflow.workflow.WorkflowStepRepository;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a conversation as a zip archive: {@code manifest.json} first, then each file's bytes streamed from the
 * object store. Zip rather than tar.gz because its central directory lets a restore check every entry (name,
 * type, sizes) before it takes anything out, and entries can be read one by one from the spooled upload.
 */
@Singleton
public class ArchiveExporter {
    private static final int EVENT_PAGE = 1000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final MessageRepository messages;
    private final StoredFileRepository files;
    private final WorkflowRunRepository runs;
    private final WorkflowStepRepository steps;
    private final EventLog events;
    private final ObjectStore store;
    private final ObjectMapper mapper;

    public ArchiveExporter(MessageRepository messages, StoredFileRepository files, WorkflowRunRepository runs,
                           WorkflowStepRepository steps, EventLog events, ObjectStore store, ObjectMapper mapper) {
        this.messages = messages;
        this.files = files;
        this.runs = runs;
        this.steps = steps;
        this.events = events;
        this.store = store;
        this.mapper = mapper;
    }

    /** What is exported, read before the response starts so that a refusal is still a clean 4xx. */
    public record Export(Conversation conversation, List<Message> messages, List<StoredFile> files,
                         List<WorkflowRun> runs, Map<UUID, List<WorkflowStep>> steps, String fileName) {
    }

    /** 409 while a run is queued or running: its rows and files are still changing. */
    public Export prepare(Conversation c) throws IOException {
        List<WorkflowRun> runList = runs.findByConversationIdOrderByCreatedAt(c.id());
        if (runList.stream().anyMatch(r -> !r.status().isTerminal())) {
            throw ApiException.conflict("The conversation has a queued or running workflow; dump it once the run has ended");
        }
        List<StoredFile> fileList = files.findByConversationIdOrderByCreatedAt(c.id());
        for (StoredFile f : fileList) {
            if (!store.exists(f.objectKey())) {
                throw ApiException.conflict("The content of file " + f.id() + " is missing from storage");
            }
        }
        Map<UUID, List<WorkflowStep>> stepsByRun = runList.isEmpty() ? Map.of()
                : steps.findByRunIdInOrderByStepIndex(runList.stream().map(WorkflowRun::id).toList()).stream()
                .collect(Collectors.groupingBy(WorkflowStep::runId));
        return new Export(c, messages.findByConversationIdOrderByNumber(c.id()), fileList, runList, stepsByRun,
                "sheetflow-" + c.id() + "-" + STAMP.format(Instant.now()) + ".zip");
    }

    public static String entryName(StoredFile f) {
        return ArchiveFormat.FILES_PREFIX + f.id() + "/" + EntryNames.safeLeaf(f.displayName());
    }

    public void write(Export export, OutputStream target) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(target);
        ZipEntry manifestEntry = new ZipEntry(ArchiveFormat.MANIFEST);
        zip.putNextEntry(manifestEntry);
        writeManifest(export, new NonClosing(zip));
        zip.closeEntry();
        byte[] buffer = new byte[64 * 1024];
        for (StoredFile f : export.files()) {
            ZipEntry entry = new ZipEntry(entryName(f));
            entry.setTime(f.createdAt().toEpochMilli());
            zip.putNextEntry(entry);
            try (InputStream in = store.get(f.objectKey())) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    zip.write(buffer, 0, n);
                }
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private void writeManifest(Export e, OutputStream out) throws IOException {
        Conversation c = e.conversation();
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", ArchiveFormat.NAME);
            json.writeNumberField("version", ArchiveFormat.VERSION);
            json.writeStringField("exported_at", Instant.now().toString());
            json.writeFieldName("conversation");
            mapper.writeValue(json, new ArchiveManifest.ConversationEntry(c.id(), c.participantName(), c.title(),
                    c.status().value(), c.preview(), c.lastRunStatus(), c.createdAt(), c.updatedAt()));
            json.writeArrayFieldStart("messages");
            for (Message m : e.messages()) {
                mapper.writeValue(json, new ArchiveManifest.MessageEntry(m.id(), m.number(), m.type().value(),
                        m.content(), tree(m.metadata()), m.createdAt(), m.state() == null ? null : m.state().value(),
                        m.clientMessageId(), m.replyTo()));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("files");
            for (StoredFile f : e.files()) {
                mapper.writeValue(json, new ArchiveManifest.FileEntry(f.id(), entryName(f), f.displayName(),
                        f.kind().value(), f.contentType(), f.sizeBytes(), f.sha256(), f.producedByStep(), f.createdAt()));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("runs");
            for (WorkflowRun r : e.runs()) {
                List<ArchiveManifest.StepEntry> stepEntries = new ArrayList<>();
                for (WorkflowStep s : e.steps().getOrDefault(r.id(), List.of())) {
                    stepEntries.add(new ArchiveManifest.StepEntry(s.id(), s.stepIndex(), s.operation(),
                            tree(s.arguments()), s.status().value(), s.progress(), s.rowsDone(), s.rowsTotal(),
                            s.inputFileId(), outputIds(s.outputFileIds()), tree(s.result()), s.error(), s.startedAt(),
                            s.finishedAt()));
                }
                mapper.writeValue(json, new ArchiveManifest.RunEntry(r.id(), r.status().value(), r.inputFileId(),
                        tree(r.requestedSteps()), r.cancelRequested(), r.error(), r.createdAt(), r.startedAt(),
                        r.finishedAt(), stepEntries));
            }
            json.writeEndArray();
            // The event log is paged from the database straight into the entry.
            json.writeArrayFieldStart("events");
            long since = 0;
            while (true) {
                List<StoredEvent> page = events.since(c.id(), since, EVENT_PAGE);
                for (StoredEvent ev : page) {
                    JsonNode payload = mapper.readTree(ev.json());
                    Instant at = payload.hasNonNull("timestamp") ? Instant.parse(payload.get("timestamp").asText()) : Instant.now();
                    mapper.writeValue(json, new ArchiveManifest.EventEntry(ev.seq(), ev.runId(), ev.type(), payload, at));
                    since = ev.seq();
                }
                if (page.size() < EVENT_PAGE) {
                    break;
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** Steps keep their outputs as comma-separated ids. */
    private static List<UUID> outputIds(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                .map(UUID::fromString).toList();
    }

    private JsonNode tree(String jsonText) {
        if (jsonText == null) {
            return null;
        }
        try {
            return mapper.readTree(jsonText);
        } catch (IOException notJson) {
            return mapper.getNodeFactory().textNode(jsonText);
        }
    }

    /** Keeps the generator from closing the zip stream with the manifest entry. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
