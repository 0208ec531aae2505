package io.sheetflow.file;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A multipart body whose closing boundary never comes is a cut-short upload, not a complete file. */
@MicronautTest
class TruncatedUploadTest extends ServerTest {

    @Test
    void multipartWithoutClosingBoundary_answers400_andStoresNothing() {
        String chat = api().createChat();
        long objectsBefore = countObjects();
        String body = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\r\n1,2";
        Answer answer = api().send(HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows/" + chat + "/upload"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(400, answer.status(), answer.body().toString());
        assertEquals(400, answer.body().get("status_code").asInt());
        assertTrue(answer.message().toLowerCase().contains("multipart"), answer.message());
        assertEquals(0, api().get("/api/v1/chat/workflows/" + chat + "/files").data().get("count").asInt());
        assertEquals(objectsBefore, countObjects(), "no object is left");
        try (var spool = java.nio.file.Files.list(dataDir.resolve("work").resolve("uploads"))) {
            assertEquals(0, spool.count(), "no spool file is left");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void afterARefusedTruncatedUpload_aCompleteUploadSucceeds() {
        String chat = api().createChat();
        api().send(HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows/" + chat + "/upload"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\r\n1,2")));
        Answer ok = api().upload(chat, "a.csv", "a,b\n1,2\n".getBytes());
        assertTrue(ok.status() == 200 || ok.status() == 201, ok.body().toString());
        assertEquals(1, api().get("/api/v1/chat/workflows/" + chat + "/files").data().get("count").asInt());
    }
}
