package io.sheetflow.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.transaction.TransactionOperations;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import io.sheetflow.workflow.WorkflowRunRepository;
import io.sheetflow.workflow.WorkflowStepRepository;
import jakarta.inject.Inject;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dump and restore over HTTP against the real server, on every supported database: a round trip into another
 * user's account, and hostile archives that must each be refused with a clear 4xx leaving no row, no object and
 * no work file behind.
 */
abstract class ArchiveContract extends ServerTest {
    static final long MAX_ENTRY = 4L * 1024 * 1024;

    @Inject
    ConversationRepository conversations;
    @Inject
    MessageRepository messages;
    @Inject
    StoredFileRepository files;
    @Inject
    WorkflowRunRepository runs;
    @Inject
    WorkflowStepRepository steps;
    @Inject
    TransactionOperations<Connection> tx;

    ApiClient alice;
    ApiClient bob;
    String aliceChat;
    byte[] aliceDump;

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>(databaseProperties());
        p.put("sheetflow.limits.uploads-per-minute", "1000");
        p.put("sheetflow.limits.runs-per-minute", "1000");
        p.put("sheetflow.archive.max-entry-bytes", String.valueOf(MAX_ENTRY));
        return p;
    }

    protected Map<String, String> databaseProperties() {
        return Map.of();
    }

    @BeforeAll
    void aliceHasAConversationWithTwoFilesAndARun() throws Exception {
        alice = api().withToken(createKey("alice"));
        bob = api().withToken(createKey("bob"));
        aliceChat = alice.createChat();
        assertEquals(200, alice.upload(aliceChat, "people.csv", Files.readAllBytes(Csv.people(dataDir, 300))).status());
        byte[] second = "code,label\n1,one\n2,two\n3,three\n".getBytes(StandardCharsets.UTF_8);
        Answer up = alice.upload(aliceChat, "codes ü.csv", second);
        assertEquals(200, up.status(), up.body().toString());
        Answer run = alice.post("/api/v1/chat/workflows/" + aliceChat + "/execute?wait=60", """
                {"input_file": "people.csv", "steps": [
                  {"operation": "csv/convert-to-excel"},
                  {"operation": "excel/extract-columns-to-file", "arguments": {"columns": ["email", "id"]}}]}""");
        assertEquals(200, run.status(), run.body().toString());
        assertEquals("completed", run.data().get("status").asText());
        HttpResponse<byte[]> dump = alice.download("/api/v1/chat/workflows/" + aliceChat + "/dump");
        assertEquals(200, dump.statusCode(), new String(dump.body(), StandardCharsets.UTF_8));
        aliceDump = dump.body();
    }

    private String createKey(String user) {
        Answer created = api().post("/api/v1/admin/api-keys", "{\"user\":\"" + user + "\",\"name\":\"test\",\"admin\":false}");
        assertEquals(201, created.status(), created.body().toString());
        return created.data().get("api_key").asText();
    }

    // ---- round trip ----

    @Test
    void dump_isAZipWithTheManifestFirst_namedByContentDisposition() throws Exception {
        HttpResponse<byte[]> dump = alice.download("/api/v1/chat/workflows/" + aliceChat + "/dump");
        assertEquals(200, dump.statusCode());
        assertTrue(dump.headers().firstValue("Content-Type").orElseThrow().startsWith("application/zip"));
        String disposition = dump.headers().firstValue("Content-Disposition").orElseThrow();
        assertTrue(disposition.matches("attachment; filename=\"sheetflow-" + aliceChat + "-\\d{8}-\\d{6}\\.zip\"; filename\\*=UTF-8''.+"),
                disposition);
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(dump.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertEquals("manifest.json", names.get(0));
        JsonNode manifest = manifestOf(dump.body());
        assertEquals("sheetflow-conversation-archive", manifest.get("format").asText());
        assertEquals(1, manifest.get("version").asInt());
        assertEquals(aliceChat, manifest.get("conversation").get("id").asText());
        assertEquals(4, manifest.get("files").size(), "two uploads, an intermediate and an output");
        for (JsonNode f : manifest.get("files")) {
            assertTrue(names.contains(f.get("path").asText()), f.toString());
            assertEquals(64, f.get("sha256").asText().length());
        }
        assertEquals(1, manifest.get("runs").size());
        assertEquals(2, manifest.get("runs").get(0).get("steps").size());
        assertTrue(manifest.get("events").size() > 3);
        assertTrue(manifest.get("messages").size() >= 2);
    }

    @Test
    void dump_ofAnotherUsersConversation_is404() {
        assertEquals(404, bob.get("/api/v1/chat/workflows/" + aliceChat + "/dump").status());
        assertEquals(404, bob.get("/api/v1/chat/workflows/not-an-id/dump").status());
    }

    @Test
    void restore_intoAnotherUsersAccount_keepsFilesHistoryRunsAndEvents_underNewIds() throws Exception {
        Answer restored = restoreRaw(bob, aliceDump);
        assertEquals(201, restored.status(), restored.body().toString());
        String chat = restored.data().get("chat_id").asText();
        assertNotEquals(aliceChat, chat);
        assertEquals(server.getURL() + "/api/v1/chat/workflows/" + chat,
                restored.raw().headers().firstValue("Location").orElseThrow());
        assertEquals(404, alice.get("/api/v1/chat/workflows/" + chat).status(), "the copy is bob's only");

        // Files: same names and bytes (by SHA-256), new ids.
        Map<String, String> aliceFiles = filesByName(alice, aliceChat);
        Map<String, String> bobFiles = filesByName(bob, chat);
        assertEquals(aliceFiles.keySet(), bobFiles.keySet());
        JsonNode bobList = bob.get("/api/v1/chat/workflows/" + chat + "/files").data().get("files");
        Set<String> aliceIds = ids(alice.get("/api/v1/chat/workflows/" + aliceChat + "/files").data().get("files"), "file_id");
        Set<String> bobIds = ids(bobList, "file_id");
        for (JsonNode f : bobList) {
            HttpResponse<byte[]> bytes = bob.download(f.get("download_url").asText());
            assertEquals(200, bytes.statusCode());
            assertEquals(f.get("sha256").asText(), sha256(bytes.body()));
            assertEquals(aliceFiles.get(f.get("filename").asText()), sha256(bytes.body()), f.get("filename").asText());
            assertFalse(aliceIds.contains(f.get("file_id").asText()));
        }

        // History.
        List<String> aliceHistory = history(alice, aliceChat);
        assertEquals(aliceHistory, history(bob, chat));

        // Runs: the same steps and statuses, their files are the copy's.
        JsonNode aliceRuns = alice.get("/api/v1/chat/workflows/" + aliceChat + "/runs").data().get("runs");
        JsonNode bobRuns = bob.get("/api/v1/chat/workflows/" + chat + "/runs").data().get("runs");
        assertEquals(1, bobRuns.size(), bobRuns.toString());
        JsonNode run = bobRuns.get(0);
        assertNotEquals(aliceRuns.get(0).get("run_id").asText(), run.get("run_id").asText());
        assertEquals("completed", run.get("status").asText());
        assertEquals(2, run.get("steps").size());
        for (int i = 0; i < 2; i++) {
            JsonNode step = run.get("steps").get(i);
            assertEquals(aliceRuns.get(0).get("steps").get(i).get("operation").asText(), step.get("operation").asText());
            assertEquals("completed", step.get("status").asText());
            for (JsonNode out : step.get("output_files")) {
                assertTrue(bobIds.contains(out.get("file_id").asText()), "step output mapped: " + out);
            }
        }
        assertEquals(run.get("run_id").asText(), bob.get("/api/v1/chat/workflows/" + chat + "/runs/" + run.get("run_id").asText())
                .data().get("run_id").asText());

        // Events: the same log, replayable, naming the new conversation, run and files.
        JsonNode aliceEvents = alice.get("/api/v1/chat/workflows/" + aliceChat + "/events?since=0").data().get("events");
        JsonNode bobEvents = bob.get("/api/v1/chat/workflows/" + chat + "/events?since=0").data().get("events");
        assertEquals(aliceEvents.size(), bobEvents.size());
        for (int i = 0; i < bobEvents.size(); i++) {
            JsonNode e = bobEvents.get(i);
            assertEquals(aliceEvents.get(i).get("type").asText(), e.get("type").asText());
            assertEquals(aliceEvents.get(i).get("seq").asLong(), e.get("seq").asLong());
            assertEquals(chat, e.get("chat_id").asText());
            assertFalse(e.toString().contains(aliceChat), e.toString());
            if (!e.get("run_id").isNull()) {
                assertEquals(run.get("run_id").asText(), e.get("run_id").asText());
            }
        }
        long last = bobEvents.get(bobEvents.size() - 1).get("seq").asLong();
        JsonNode after = bob.get("/api/v1/chat/workflows/" + chat + "/events?since=" + (last - 2)).data().get("events");
        assertEquals(2, after.size(), "resuming after a seq works on the restored log");

        // The copy is a working conversation: a new run on a restored file appends after the restored log.
        Answer again = bob.post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"input_file\": \"people.csv\", \"steps\": [{\"operation\": \"csv/info\"}]}");
        assertEquals(200, again.status(), again.body().toString());
        JsonNode newer = bob.get("/api/v1/chat/workflows/" + chat + "/events?since=" + last).data().get("events");
        assertEquals(last + 1, newer.get(0).get("seq").asLong());
    }

    @Test
    void restore_asMultipart_alsoCreatesAConversation() {
        Answer restored = bob.postFileStream("/api/v1/chat/workflows/restore", "file", "dump.zip",
                () -> new ByteArrayInputStream(aliceDump));
        assertEquals(201, restored.status(), restored.body().toString());
        assertEquals(4, restored.data().get("files").size());
    }

    // ---- hostile archives ----

    @Test
    void tarSlip_isRefused() throws Exception {
        refused(400, "'..' segment", withExtraEntry("../x", "evil".getBytes(StandardCharsets.UTF_8), true));
        refused(400, "'..' segment", withExtraEntry("files/../../x", "evil".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void absolutePath_isRefused() throws Exception {
        refused(400, "absolute path", withExtraEntry("/etc/cron.d/x", "evil".getBytes(StandardCharsets.UTF_8), true));
        refused(400, "drive letter", withExtraEntry("C:/x", "evil".getBytes(StandardCharsets.UTF_8), true));
        refused(400, "backslash", withExtraEntry("files/a\\b.csv", "evil".getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void symlinkEntry_isRefused() throws Exception {
        byte[] archive = rebuild(m -> { }, (zip, manifest) -> {
            ZipArchiveEntry link = new ZipArchiveEntry("files/link");
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        });
        refused(400, "symbolic link", archive);
    }

    @Test
    void zipBomb_isRefusedWhileInflating_andTheFilesStoredBeforeItAreRemoved() throws Exception {
        byte[] zeros = new byte[3 * 1024 * 1024];
        byte[] archive = withListedFile("files/bomb/zeros.csv", zeros);
        assertTrue(archive.length < aliceDump.length + 64 * 1024, "highly compressed");
        refused(400, "zip bomb", archive);
    }

    @Test
    void entryOverTheSizeLimit_is413() throws Exception {
        byte[] random = new byte[(int) MAX_ENTRY + 1024];
        new Random(7).nextBytes(random);
        refused(413, "larger than the limit", withListedFile("files/big/random.csv", random));
    }

    @Test
    void wrongChecksum_isRefused() throws Exception {
        byte[] archive = rebuild(m -> {
            ObjectNode last = (ObjectNode) m.get("files").get(m.get("files").size() - 1);
            last.put("sha256", "0".repeat(64));
        }, null);
        refused(400, "does not match its SHA-256", archive);
    }

    @Test
    void wrongSize_isRefused() throws Exception {
        byte[] archive = rebuild(m -> ((ObjectNode) m.get("files").get(0)).put("size", 5), null);
        refused(400, "the manifest says 5", archive);
    }

    @Test
    void truncatedArchive_isRefused() throws Exception {
        refused(400, "truncated", java.util.Arrays.copyOf(aliceDump, aliceDump.length / 2));
        refused(400, "truncated", java.util.Arrays.copyOf(aliceDump, aliceDump.length - 10));
    }

    @Test
    void duplicateEntry_isRefused() throws Exception {
        String path = manifestOf(aliceDump).get("files").get(0).get("path").asText();
        refused(400, "appears more than once", withExtraEntry(path, "id\n1\n".getBytes(StandardCharsets.UTF_8), false));
    }

    @Test
    void unlistedEntry_isRefused() throws Exception {
        refused(400, "not listed in the manifest", withExtraEntry("files/extra/notes.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8), false));
    }

    @Test
    void missingEntry_isRefused() throws Exception {
        String path = manifestOf(aliceDump).get("files").get(1).get("path").asText();
        byte[] archive = rebuild(m -> { }, null, path);
        refused(400, "no such entry", archive);
    }

    @Test
    void unknownVersion_orNoManifest_orNotAZip_isRefused() throws Exception {
        refused(400, "Unsupported archive version 2", rebuild(m -> m.put("version", 2), null));
        refused(400, "Not a Sheetflow", rebuild(m -> m.put("format", "something-else"), null));
        refused(400, "not a valid zip", "just some text, not an archive".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream noManifest = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(noManifest)) {
            zip.putArchiveEntry(new ZipArchiveEntry("files/a/a.csv"));
            zip.write("a\n".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        refused(400, "no manifest.json", noManifest.toByteArray());
    }

    @Test
    void emptyBody_is422() throws Exception {
        RestoreLeftovers before = snapshot();
        Answer answer = restoreRaw(bob, new byte[0]);
        assertEquals(422, answer.status(), answer.body().toString());
        assertEquals(before, snapshot());
    }

    // ---- helpers ----

    private void refused(int status, String messagePart, byte[] archive) throws Exception {
        RestoreLeftovers before = snapshot();
        Answer answer = restoreRaw(bob, archive);
        assertEquals(status, answer.status(), answer.body().toString());
        assertEquals(status, answer.body().get("status_code").asInt());
        assertTrue(answer.message().contains(messagePart), "'" + answer.message() + "' should contain '" + messagePart + "'");
        assertEquals(before, snapshot(), "a refused restore leaves nothing behind");
    }

    private RestoreLeftovers snapshot() throws IOException {
        return RestoreLeftovers.count(tx, dataDir, countObjects());
    }

    private Answer restoreRaw(ApiClient client, byte[] archive) {
        return client.send(HttpRequest.newBuilder(client.base().resolve("/api/v1/chat/workflows/restore"))
                .header("Content-Type", "application/zip").POST(HttpRequest.BodyPublishers.ofByteArray(archive)));
    }

    interface Extra {
        void write(ZipArchiveOutputStream zip, ObjectNode manifest) throws IOException;
    }

    /** Alice's dump with its manifest edited, entries in {@code omit} left out and {@code extra} written at the end. */
    private byte[] rebuild(Consumer<ObjectNode> edit, Extra extra, String... omit) throws IOException {
        ObjectNode manifest = (ObjectNode) manifestOf(aliceDump);
        edit.accept(manifest);
        Map<String, byte[]> entries = entriesOf(aliceDump);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            put(zip, "manifest.json", ApiClient.JSON.writeValueAsBytes(manifest));
            for (var e : entries.entrySet()) {
                if (!e.getKey().equals("manifest.json") && !List.of(omit).contains(e.getKey())) {
                    put(zip, e.getKey(), e.getValue());
                }
            }
            if (extra != null) {
                extra.write(zip, manifest);
            }
        }
        return out.toByteArray();
    }

    private byte[] withExtraEntry(String name, byte[] content, boolean listed) throws IOException {
        return rebuild(m -> {
            if (listed) {
                ((ArrayNode) m.get("files")).add(fileEntry(m, name, content));
            }
        }, (zip, m) -> put(zip, name, content));
    }

    /** A file appended to the manifest's list (after the real ones) with its true size and checksum. */
    private byte[] withListedFile(String name, byte[] content) throws IOException {
        return withExtraEntry(name, content, true);
    }

    private static ObjectNode fileEntry(ObjectNode manifest, String path, byte[] content) {
        ObjectNode f = ((ObjectNode) manifest.get("files").get(0)).deepCopy();
        f.put("id", java.util.UUID.randomUUID().toString());
        f.put("path", path);
        f.put("name", "extra.csv");
        f.put("size", content.length);
        f.put("sha256", sha256(content));
        return f;
    }

    private static void put(ZipArchiveOutputStream zip, String name, byte[] content) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        zip.write(content);
        zip.closeArchiveEntry();
    }

    private static Map<String, byte[]> entriesOf(byte[] archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    static JsonNode manifestOf(byte[] archive) throws IOException {
        return ApiClient.JSON.readTree(entriesOf(archive).get("manifest.json"));
    }

    private static Map<String, String> filesByName(ApiClient client, String chat) {
        Map<String, String> byName = new TreeMap<>();
        for (JsonNode f : client.get("/api/v1/chat/workflows/" + chat + "/files").data().get("files")) {
            byName.put(f.get("filename").asText(), f.get("sha256").asText());
        }
        return byName;
    }

    private static List<String> history(ApiClient client, String chat) {
        List<String> lines = new ArrayList<>();
        for (JsonNode m : client.get("/api/v1/chat/workflows/" + chat + "/messages?limit=500").data().get("messages")) {
            lines.add(m.get("type").asText() + ": " + m.get("content").asText());
        }
        return lines;
    }

    private static Set<String> ids(JsonNode list, String field) {
        Set<String> ids = new java.util.HashSet<>();
        list.forEach(n -> ids.add(n.get(field).asText()));
        return ids;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
