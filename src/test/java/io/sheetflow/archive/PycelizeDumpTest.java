package io.sheetflow.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pycelize's own dumps (tar.gz, laid out as its dump code writes them) restored through the real server, the
 * hostile variants refused with nothing left behind; and Pycelize's dump call (POST, a download URL back).
 */
@MicronautTest
class PycelizeDumpTest extends ServerTest {
    private static final String CHAT = "3f2b8c1e-5d4a-4e8f-9b7c-1a2b3c4d5e6f";
    private static final byte[] PEOPLE = "id,name,country\n1,Ann,USA\n2,Bob,usa\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEARCHED = "id,name,country\n1,Ann,USA\n".getBytes(StandardCharsets.UTF_8);

    @Inject
    TransactionOperations<Connection> tx;

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("sheetflow.limits.uploads-per-minute", "1000");
        p.put("sheetflow.archive.max-entry-bytes", String.valueOf(4L * 1024 * 1024));
        return p;
    }

    @Test
    void pycelizeDump_sentAsItsFrontEndSendsIt_becomesANewConversationWithItsFilesMessagesAndSteps() throws Exception {
        byte[] dump = dump(entries -> { });
        Answer restored = api().postFileStream("/api/v1/chat/workflows/restore", "dump_file",
                CHAT + "_20240115_103500.tar.gz", () -> new ByteArrayInputStream(dump));
        assertEquals(201, restored.status(), restored.body().toString());
        JsonNode data = restored.data();
        String chat = data.get("chat_id").asText();
        assertNotEquals(CHAT, chat, "a restore gets new ids");
        assertEquals("Dolphin-1234", data.get("participant_name").asText());

        Map<String, JsonNode> files = new LinkedHashMap<>();
        data.get("files").forEach(f -> files.put(f.get("filename").asText(), f));
        assertEquals(List.of("people.csv", "people_search.csv"), List.copyOf(files.keySet()));
        assertEquals("uploaded", files.get("people.csv").get("kind").asText());
        assertEquals("output", files.get("people_search.csv").get("kind").asText());
        assertEquals(sha256(PEOPLE), files.get("people.csv").get("sha256").asText());
        HttpResponse<byte[]> download = api().download("/api/v1/chat/workflows/" + chat + "/files/people_search.csv");
        assertEquals(200, download.statusCode());
        assertArrayEquals(SEARCHED, download.body());

        JsonNode messages = api().get("/api/v1/chat/workflows/" + chat + "/messages").data().get("messages");
        assertEquals(3, messages.size());
        assertEquals("system", messages.get(0).get("type").asText());
        assertEquals("file_upload", messages.get(1).get("type").asText());
        assertEquals("step_result", messages.get(2).get("type").asText());

        JsonNode runs = api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("runs");
        assertEquals(1, runs.size(), "each Pycelize step becomes a run of one step");
        JsonNode run = runs.get(0);
        assertEquals("completed", run.get("status").asText());
        JsonNode step = run.get("steps").get(0);
        assertEquals("csv/search", step.get("operation").asText());
        assertEquals(files.get("people_search.csv").get("file_id").asText(),
                step.get("output_files").get(0).get("file_id").asText());
    }

    @Test
    void tarSlip_absolutePath_andLinks_areRefused_leavingNothing() throws Exception {
        refused("'..' segment", dump(e -> e.put(CHAT + "/uploads/../../../etc/cron.d/x", bytes("evil"))));
        // The tar reader drops a leading '/', so an absolute name lands outside the conversation directory.
        refused("outside the dump's one conversation directory", dump(e -> e.put("/etc/cron.d/x", bytes("evil"))));
        refused("backslash", dump(e -> e.put(CHAT + "/uploads/a\\b.csv", bytes("evil"))));
        refused("is a link", dumpWith(tar -> {
            TarArchiveEntry link = new TarArchiveEntry(CHAT + "/uploads/passwd", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }));
        refused("is a link", dumpWith(tar -> {
            TarArchiveEntry link = new TarArchiveEntry(CHAT + "/uploads/hard", TarConstants.LF_LINK);
            link.setLinkName(CHAT + "/uploads/people.csv");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }));
    }

    @Test
    void unknownEntries_aSecondDirectory_andDuplicates_areRefused() throws Exception {
        refused("not part of a Pycelize dump", dump(e -> e.put(CHAT + "/secrets.txt", bytes("x"))));
        refused("not part of a Pycelize dump", dump(e -> e.put(CHAT + "/uploads/deeper/x.csv", bytes("x"))));
        refused("outside the dump's one conversation directory", dump(e -> e.put("other/metadata.json", bytes("{}"))));
        refused("appears more than once", dumpWith(tar -> put(tar, CHAT + "/uploads/people.csv", PEOPLE)));
    }

    @Test
    void aTruncatedDump_aBomb_aMissingListedFile_orNoConversation_areRefused() throws Exception {
        byte[] whole = dump(e -> { });
        refused("truncated", Arrays.copyOf(whole, whole.length - 20));
        refused("truncated", Arrays.copyOf(whole, whole.length / 2));
        refused("zip bomb", dump(e -> e.put(CHAT + "/intermediate/zeros.csv", new byte[3 * 1024 * 1024])));
        refused("which the archive does not hold", dump(e -> e.remove(CHAT + "/uploads/people.csv")));
        refused("has no " + CHAT + "/conversation_metadata.json", dump(e -> e.remove(CHAT + "/conversation_metadata.json")));
        refused("not an ISO-8601 timestamp", dump(e -> e.put(CHAT + "/conversation_metadata.json",
                conversation(c -> c.put("created_at", "yesterday")))));
    }

    @Test
    void restoreWithoutEitherFileField_is422NamingBoth() {
        Answer answer = api().postFileStream("/api/v1/chat/workflows/restore", "archive", "x.tar.gz",
                () -> new ByteArrayInputStream(bytes("x")));
        assertEquals(422, answer.status(), answer.body().toString());
        assertTrue(answer.message().contains("'file' (or 'dump_file')"), answer.message());
    }

    @Test
    void pycelizesDumpCall_answersTheDumpFileAndADownloadUrl_whoseArchiveRestores() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", PEOPLE).status());
        Answer dumped = api().post("/api/v1/chat/workflows/" + chat + "/dump", null);
        assertEquals(200, dumped.status(), dumped.body().toString());
        String name = dumped.data().get("dump_file").asText();
        assertTrue(name.startsWith("sheetflow-" + chat) && name.endsWith(".zip"), name);
        HttpResponse<byte[]> archive = api().download(dumped.data().get("download_url").asText());
        assertEquals(200, archive.statusCode());
        assertEquals(dumped.data().get("size").asLong(), archive.body().length);

        Answer restored = api().postFileStream("/api/v1/chat/workflows/restore", "dump_file", name,
                () -> new ByteArrayInputStream(archive.body()));
        assertEquals(201, restored.status(), restored.body().toString());
        assertEquals(sha256(PEOPLE), restored.data().get("files").get(0).get("sha256").asText());
    }

    // ---- helpers ----

    private void refused(String messagePart, byte[] archive) throws Exception {
        RestoreLeftovers before = RestoreLeftovers.count(tx, dataDir, countObjects());
        Answer answer = api().send(HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows/restore"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(archive)));
        assertEquals(400, answer.status(), answer.body().toString());
        assertTrue(answer.message().contains(messagePart), "'" + answer.message() + "' should contain '" + messagePart + "'");
        assertEquals(before, RestoreLeftovers.count(tx, dataDir, countObjects()), "a refused restore leaves nothing behind");
    }

    /** Pycelize's layout: the conversation directory, its file directories, the files and both JSON documents. */
    private static byte[] dump(Consumer<Map<String, byte[]>> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(CHAT + "/", null);
        entries.put(CHAT + "/uploads/", null);
        entries.put(CHAT + "/uploads/people.csv", PEOPLE);
        entries.put(CHAT + "/outputs/", null);
        entries.put(CHAT + "/outputs/people_search.csv", SEARCHED);
        entries.put(CHAT + "/intermediate/", null);
        entries.put(CHAT + "/metadata.json", bytes("{\"partition_key\": \"2024/01\"}"));
        entries.put(CHAT + "/conversation_metadata.json", conversation(c -> { }));
        edit.accept(entries);
        return tarGz(entries, null);
    }

    private static byte[] dumpWith(TarWriter extra) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(CHAT + "/uploads/people.csv", PEOPLE);
        entries.put(CHAT + "/conversation_metadata.json", conversation(c -> c.putArray("output_files")));
        return tarGz(entries, extra);
    }

    interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tarGz(Map<String, byte[]> entries, TarWriter extra) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX); // Python's tarfile writes PAX headers too
            for (var e : entries.entrySet()) {
                if (e.getValue() == null) {
                    tar.putArchiveEntry(new TarArchiveEntry(e.getKey()));
                    tar.closeArchiveEntry();
                } else {
                    put(tar, e.getKey(), e.getValue());
                }
            }
            if (extra != null) {
                extra.write(tar);
            }
        }
        return out.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** What Pycelize's {@code Conversation.to_dict()} holds, with its naive UTC timestamps and server paths. */
    private static byte[] conversation(Consumer<ObjectNode> edit) {
        String base = "./automation/workflows/2024/01/" + CHAT;
        String step = UUID.randomUUID().toString();
        ObjectNode c = (ObjectNode) json("""
                {"chat_id": "%1$s", "participant_name": "Dolphin-1234", "status": "completed",
                 "messages": [
                   {"message_id": "%3$s", "message_type": "system", "content": "Conversation started",
                    "metadata": {}, "created_at": "2024-01-15T10:30:00.123456"},
                   {"message_id": "%4$s", "message_type": "file_upload", "content": "Uploaded people.csv",
                    "metadata": {"file_path": "%2$s/uploads/people.csv"}, "created_at": "2024-01-15T10:31:00"},
                   {"message_id": "%5$s", "message_type": "step_result", "content": "csv/search completed",
                    "metadata": {"step_id": "%6$s"}, "created_at": "2024-01-15T10:32:00"}],
                 "workflow_steps": [
                   {"step_id": "%6$s", "operation": "csv/search",
                    "arguments": {"conditions": [{"column": "country", "operator": "equals", "value": "USA"}]},
                    "input_file": null, "output_file": "%2$s/outputs/people_search.csv", "status": "completed",
                    "progress": 100, "error_message": null,
                    "started_at": "2024-01-15T10:31:30", "completed_at": "2024-01-15T10:32:00"}],
                 "uploaded_files": ["%2$s/uploads/people.csv"],
                 "output_files": ["%2$s/outputs/people_search.csv"],
                 "metadata": {}, "created_at": "2024-01-15T10:30:00.123456", "updated_at": "2024-01-15T10:32:00",
                 "partition_key": "2024/01"}
                """.formatted(CHAT, base, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), step));
        edit.accept(c);
        try {
            return ApiClient.JSON.writeValueAsBytes(c);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return ApiClient.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
