package io.sheetflow.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class FileUploadTest extends ServerTest {
    private static final int LIMIT = 256 * 1024;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.upload.max-bytes", String.valueOf(LIMIT));
    }

    @Test
    void upload_answers200WithTheFileAndItsLocation_thenDownloadReturnsSameBytesWithHeadersAndChecksum() throws Exception {
        String chat = api().createChat();
        byte[] csv = csvOfSize(100_000, 1);
        Answer uploaded = api().upload(chat, "sales.csv", csv);
        assertEquals(200, uploaded.status(), uploaded.body().toString());
        assertEquals(200, uploaded.body().get("status_code").asInt());
        JsonNode file = uploaded.data();
        assertEquals(file.get("download_url").asText(), uploaded.raw().headers().firstValue("Location").orElse(""),
                "Location names the file's download URL");
        assertEquals("sales.csv", file.get("filename").asText());
        assertEquals(csv.length, file.get("size").asLong());
        assertEquals(sha256(csv), file.get("sha256").asText());
        assertEquals("uploaded", file.get("kind").asText());

        HttpResponse<byte[]> download = api().download(file.get("download_url").asText());
        assertEquals(200, download.statusCode());
        assertArrayEquals(csv, download.body());
        assertEquals(String.valueOf(csv.length), download.headers().firstValue("Content-Length").orElseThrow());
        assertTrue(download.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertEquals("attachment; filename=\"sales.csv\"; filename*=UTF-8''sales.csv",
                download.headers().firstValue("Content-Disposition").orElseThrow());

        HttpResponse<byte[]> byName = api().download("/api/v1/chat/workflows/" + chat + "/files/sales.csv");
        assertArrayEquals(csv, byName.body());
    }

    @Test
    void rawBodyUpload_storesTheSameBytes_andChecksTheSameRules() throws Exception {
        String chat = api().createChat();
        byte[] csv = csvOfSize(50_000, 5);
        java.nio.file.Path file = java.nio.file.Files.write(dataDir.resolve("raw.csv"), csv);
        Answer uploaded = api().uploadRaw(chat, "résumé data.csv", file);
        assertEquals(200, uploaded.status(), uploaded.body().toString());
        assertEquals(uploaded.data().get("download_url").asText(), uploaded.raw().headers().firstValue("Location").orElse(""));
        assertEquals("résumé data.csv", uploaded.data().get("filename").asText());
        assertEquals(sha256(csv), uploaded.data().get("sha256").asText());
        assertArrayEquals(csv, api().download(uploaded.data().get("download_url").asText()).body());

        java.nio.file.Path exe = java.nio.file.Files.write(dataDir.resolve("x.exe"), new byte[]{1, 2});
        assertEquals(415, api().uploadRaw(chat, "x.exe", exe).status());
        java.nio.file.Path big = java.nio.file.Files.write(dataDir.resolve("big.csv"), csvOfSize(LIMIT + 1, 6));
        assertEquals(413, api().uploadRaw(chat, "big.csv", big).status());
        Answer noName = api().send(java.net.http.HttpRequest.newBuilder(api().base().resolve(
                "/api/v1/chat/workflows/" + chat + "/upload")).header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(csv)));
        assertEquals(422, noName.status());
        assertEquals(1, api().get("/api/v1/chat/workflows/" + chat + "/files").data().get("count").asInt());
    }

    @Test
    void twoUploadsOfTheSameName_bothSurviveByteForByte() {
        String chat = api().createChat();
        byte[] first = csvOfSize(5_000, 2);
        byte[] second = csvOfSize(7_000, 3);
        JsonNode a = api().upload(chat, "data.csv", first).data();
        JsonNode b = api().upload(chat, "data.csv", second).data();
        assertNotEquals(a.get("file_id").asText(), b.get("file_id").asText());

        assertArrayEquals(first, api().download(a.get("download_url").asText()).body());
        assertArrayEquals(second, api().download(b.get("download_url").asText()).body());
        assertArrayEquals(second, api().download("/api/v1/chat/workflows/" + chat + "/files/data.csv").body(),
                "by name, the latest upload of that name is served");
        JsonNode files = api().get("/api/v1/chat/workflows/" + chat + "/files").data().get("files");
        assertEquals(2, files.size());
        assertEquals(sha256(first), files.get(0).get("sha256").asText());
        assertEquals(sha256(second), files.get(1).get("sha256").asText());
    }

    @Test
    void concurrentUploadsToDifferentConversations_allSurvive() throws Exception {
        int uploads = 8;
        List<String> chats = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            chats.add(api().createChat());
            contents.add(csvOfSize(60_000 + i * 1000, 10 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                int n = i;
                answers.add(pool.submit((Callable<Answer>) () -> api().upload(chats.get(n), "same-name.csv", contents.get(n))));
            }
            for (int i = 0; i < uploads; i++) {
                Answer answer = answers.get(i).get();
                assertEquals(200, answer.status(), answer.body().toString());
                assertEquals(sha256(contents.get(i)), answer.data().get("sha256").asText());
                byte[] downloaded = api().download("/api/v1/chat/workflows/" + chats.get(i) + "/files/same-name.csv").body();
                assertArrayEquals(contents.get(i), downloaded);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nonAsciiName_isKeptAndSentPerRfc6266() {
        String chat = api().createChat();
        JsonNode file = api().upload(chat, "数据 résumé.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)).data();
        assertEquals("数据 résumé.csv", file.get("filename").asText());
        String disposition = api().download(file.get("download_url").asText()).headers()
                .firstValue("Content-Disposition").orElseThrow();
        assertEquals("attachment; filename=\"__ r_sum_.csv\"; filename*=UTF-8''%E6%95%B0%E6%8D%AE%20r%C3%A9sum%C3%A9.csv",
                disposition);
    }

    @Test
    void pathInFileName_isStrippedToTheBaseName() {
        String chat = api().createChat();
        JsonNode file = api().upload(chat, "../../etc/evil\u202e.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)).data();
        assertEquals("evil.csv", file.get("filename").asText());
    }

    @Test
    void tooLarge_answers413AndLeavesNothingBehind() {
        String chat = api().createChat();
        long objects = countObjects();
        Answer answer = api().upload(chat, "big.csv", csvOfSize(LIMIT + 10, 4));
        assertEquals(413, answer.status(), answer.body().toString());
        assertEquals(413, answer.body().get("status_code").asInt());
        assertTrue(answer.message().contains("upload limit"), answer.message());
        assertNothingRecorded(chat, objects);
    }

    @Test
    void unsupportedExtension_answers415() {
        String chat = api().createChat();
        long objects = countObjects();
        Answer answer = api().upload(chat, "tool.exe", new byte[]{0x4d, 0x5a, 0, 0});
        assertEquals(415, answer.status());
        assertTrue(answer.message().contains(".exe"), answer.message());
        assertNothingRecorded(chat, objects);
    }

    @Test
    void contentNotMatchingExtension_answers415() {
        String chat = api().createChat();
        long objects = countObjects();
        Answer answer = api().upload(chat, "fake.xlsx", "id,name\n1,x\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, answer.status());
        assertTrue(answer.message().contains(".xlsx"), answer.message());
        Answer binaryCsv = api().upload(chat, "fake.csv", new byte[]{0x50, 0x4B, 0x03, 0x04, 0, 0, 1});
        assertEquals(415, binaryCsv.status());
        assertNothingRecorded(chat, objects);
    }

    @Test
    void emptyFileOrMissingPart_answers422() {
        String chat = api().createChat();
        Answer empty = api().upload(chat, "empty.csv", new byte[0]);
        assertEquals(422, empty.status());
        assertEquals("The uploaded file is empty", empty.message());
        Answer wrongField = api().upload(chat, "document", "a.csv", () -> new java.io.ByteArrayInputStream("a\n".getBytes()));
        assertEquals(422, wrongField.status(), wrongField.body().toString());
        assertTrue(wrongField.message().contains("'file'"));
    }

    @Test
    void uploadToUnknownConversation_answers404() {
        Answer answer = api().upload("00000000-0000-4000-8000-000000000000", "a.csv", "a\n".getBytes());
        assertEquals(404, answer.status());
    }

    @Test
    void downloadOfUnknownFile_answers404() {
        String chat = api().createChat();
        assertEquals(404, api().download("/api/v1/chat/workflows/" + chat + "/files/nope.csv").statusCode());
        assertEquals(404, api().download("/api/v1/chat/workflows/" + chat + "/files/id/not-an-id").statusCode());
    }

    private void assertNothingRecorded(String chat, long objectsBefore) {
        JsonNode detail = api().get("/api/v1/chat/workflows/" + chat).data();
        assertEquals(0, detail.get("files").size(), "no metadata row");
        assertEquals(0, detail.get("file_count").asInt());
        assertEquals(objectsBefore, countObjects(), "no orphan object");
        try (var spool = java.nio.file.Files.list(dataDir.resolve("work/uploads"))) {
            assertEquals(0, spool.count(), "no spool file left");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(200, api().get("/api/v1/health").status());
    }

    static byte[] csvOfSize(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("id,name,score\n");
        for (int i = 1; csv.length() < size; i++) {
            csv.append(i).append(",name").append(random.nextInt(100000)).append(',').append(random.nextInt(1000)).append('\n');
        }
        return csv.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
