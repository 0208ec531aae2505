package io.sheetflow.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.sheetflow.file.DirectUploads;
import io.sheetflow.file.ObjectStore;
import io.sheetflow.file.PendingUpload;
import io.sheetflow.file.PendingUploadRepository;
import io.sheetflow.support.HttpExchange;
import io.sheetflow.support.HttpExchange.Reply;
import io.sheetflow.support.JdkExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST contract, run unchanged against the Netty server (real HTTP) and the Lambda HTTP handler (API Gateway
 * events in-process). Only downloads differ by design: streamed by Netty, a 307 to a presigned URL on Lambda + S3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ControllerContract {
    protected static final String JWT_SECRET = "controller-contract-secret-long-enough-for-hs256";
    protected static final String CHATS = "/api/v1/chat/workflows";
    protected static final byte[] PEOPLE_CSV = "id,name,email\n1,Ann,ann@example.com\n2,Bob,bob@example.com\n"
            .getBytes(StandardCharsets.UTF_8);

    protected final String alice = jwt("alice", issuer());
    protected final String bob = jwt("bob", issuer());

    /** The issuer the runtime under test requires in JWTs (null: none). */
    protected String issuer() {
        return null;
    }

    protected abstract HttpExchange exchange();

    protected abstract ApplicationContext context();

    /** True where downloads answer 307 to a presigned store URL (Lambda with S3). */
    protected abstract boolean downloadsRedirect();

    /** Properties every runtime of the contract shares. */
    protected static Map<String, Object> commonProperties(java.nio.file.Path dataDir) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("sheetflow.data-dir", dataDir.toString());
        properties.put("sheetflow.auth.jwt-secret", JWT_SECRET);
        return properties;
    }

    // ---------------------------------------------------------------- conversations

    @Test
    void conversations_createListDetailRename() {
        Reply created = post(alice, CHATS, null);
        assertEquals(201, created.status(), created.toString());
        assertEnvelope(created);
        String chat = created.data().get("chat_id").asText();

        Reply list = get(alice, CHATS);
        assertEquals(200, list.status(), list.toString());
        assertTrue(list.body().length > 0 && new String(list.body(), StandardCharsets.UTF_8).contains(chat));

        Reply renamed = send("PATCH", alice, CHATS + "/" + chat, json("{\"title\": \"Quarterly numbers\"}"));
        assertEquals(200, renamed.status(), renamed.toString());
        Reply detail = get(alice, CHATS + "/" + chat);
        assertEquals(200, detail.status(), detail.toString());
        assertTrue(detail.toString().contains("Quarterly numbers"), detail.toString());

        assertEquals(404, get(bob, CHATS + "/" + chat).status(), "another user's conversation is not found");
    }

    // ---------------------------------------------------------------- direct uploads and downloads

    @Test
    void directUpload_putThenComplete_isListedAndDownloadsTheSameBytes() {
        String chat = newChat(alice);
        JsonNode file = directUpload(alice, chat, "people.csv", PEOPLE_CSV, sha256(PEOPLE_CSV));
        assertEquals("people.csv", file.get("filename").asText());
        assertEquals(PEOPLE_CSV.length, file.get("size").asLong());
        assertEquals(sha256(PEOPLE_CSV), file.get("sha256").asText());
        assertEquals("uploaded", file.get("kind").asText());

        Reply files = get(alice, CHATS + "/" + chat + "/files");
        assertEquals(200, files.status());
        assertEquals(1, files.data().get("count").asInt());
        assertEquals(file.get("file_id").asText(), files.data().get("files").get(0).get("file_id").asText());

        Reply detail = get(alice, CHATS + "/" + chat);
        assertTrue(detail.toString().contains("Uploaded people.csv"), "history message: " + detail);

        String fileId = file.get("file_id").asText();
        assertArrayEquals(PEOPLE_CSV, download(alice, CHATS + "/" + chat + "/files/id/" + fileId, "people.csv"));
        assertArrayEquals(PEOPLE_CSV, download(alice, CHATS + "/" + chat + "/files/people.csv", "people.csv"));
        assertEquals(404, get(bob, CHATS + "/" + chat + "/files/id/" + fileId).status());
    }

    @Test
    void directUpload_completedTwice_isAConflict() {
        String chat = newChat(alice);
        JsonNode ticket = startUpload(alice, chat, "twice.csv", PEOPLE_CSV.length, null);
        putContent(ticket, PEOPLE_CSV);
        assertEquals(201, complete(alice, chat, ticket).status());
        Reply again = complete(alice, chat, ticket);
        assertEquals(409, again.status(), again.toString());
        assertEnvelope(again);
        assertTrue(again.json().get("message").asText().contains("already completed"), again.toString());
        assertEquals(1, get(alice, CHATS + "/" + chat + "/files").data().get("count").asInt());
    }

    @Test
    void directUpload_aPutAfterComplete_doesNotChangeTheRecordedFile() {
        String chat = newChat(alice);
        JsonNode ticket = startUpload(alice, chat, "kept.csv", PEOPLE_CSV.length, sha256(PEOPLE_CSV));
        putContent(ticket, PEOPLE_CSV);
        Reply completed = complete(alice, chat, ticket);
        assertEquals(201, completed.status(), completed.toString());

        // The upload URL is still valid on S3 (a presigned PUT cannot be revoked); the local one refuses.
        byte[] replaced = new String(PEOPLE_CSV, StandardCharsets.UTF_8).replace('a', 'b').getBytes(StandardCharsets.UTF_8);
        putContent(ticket, replaced);

        String fileId = ticket.get("file_id").asText();
        assertArrayEquals(PEOPLE_CSV, download(alice, CHATS + "/" + chat + "/files/id/" + fileId, "kept.csv"),
                "the stored bytes are the ones whose SHA-256 was recorded");
        assertEquals(sha256(PEOPLE_CSV), get(alice, CHATS + "/" + chat + "/files").data().get("files").get(0)
                .get("sha256").asText());
    }

    @Test
    void directUpload_sizeMismatch_is422_andLeavesNothing() {
        String chat = newChat(alice);
        byte[] shorter = "id,name\n1,Ann\n".getBytes(StandardCharsets.UTF_8);
        JsonNode ticket = startUpload(alice, chat, "short.csv", shorter.length + 10, null);
        Reply put = putContent(ticket, shorter);
        // S3 itself refuses a body that does not match the signed length; the filesystem store accepts it.
        if (put.status() < 300) {
            Reply completed = complete(alice, chat, ticket);
            assertEquals(422, completed.status(), completed.toString());
            assertTrue(completed.json().get("message").asText().contains("declared"), completed.toString());
            assertEquals("size", completed.data().get("details").get("field").asText());
        }
        assertEquals(0, get(alice, CHATS + "/" + chat + "/files").data().get("count").asInt());
        Reply after = complete(alice, chat, ticket);
        assertTrue(after.status() == 404 || after.status() == 409, after.toString());
    }

    @Test
    void directUpload_sha256Mismatch_is422_andTheObjectIsDeleted() {
        String chat = newChat(alice);
        String wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));
        JsonNode ticket = startUpload(alice, chat, "people.csv", PEOPLE_CSV.length, wrong);
        assertTrue(putContent(ticket, PEOPLE_CSV).status() < 300);
        Reply completed = complete(alice, chat, ticket);
        assertEquals(422, completed.status(), completed.toString());
        assertEquals("sha256", completed.data().get("details").get("field").asText());
        assertEquals(404, complete(alice, chat, ticket).status(), "the failed upload is gone");
        assertEquals(0, get(alice, CHATS + "/" + chat + "/files").data().get("count").asInt());
    }

    @Test
    void directUpload_contentNotMatchingTheExtension_is415() {
        String chat = newChat(alice);
        byte[] notAWorkbook = "id,name\n1,Ann\n".getBytes(StandardCharsets.UTF_8);
        JsonNode ticket = startUpload(alice, chat, "fake.xlsx", notAWorkbook.length, null);
        assertTrue(putContent(ticket, notAWorkbook).status() < 300);
        Reply completed = complete(alice, chat, ticket);
        assertEquals(415, completed.status(), completed.toString());
        assertTrue(completed.json().get("message").asText().contains(".xlsx"), completed.toString());
        assertEquals(0, get(alice, CHATS + "/" + chat + "/files").data().get("count").asInt());
    }

    @Test
    void directUpload_unknownForeignExpiredOrNotYetPut_areClear4xx() {
        String chat = newChat(alice);
        Reply unknown = post(alice, CHATS + "/" + chat + "/uploads/" + UUID.randomUUID() + "/complete", null);
        assertEquals(404, unknown.status(), unknown.toString());
        assertTrue(unknown.json().get("message").asText().contains("Unknown upload"), unknown.toString());

        JsonNode ticket = startUpload(alice, chat, "people.csv", PEOPLE_CSV.length, null);
        Reply early = complete(alice, chat, ticket);
        assertEquals(409, early.status(), early.toString());
        assertTrue(early.json().get("message").asText().contains("PUT the file"), early.toString());

        assertEquals(404, complete(bob, chat, ticket).status(), "another user's upload");

        putContent(ticket, PEOPLE_CSV);
        PendingUploadRepository pending = context().getBean(PendingUploadRepository.class);
        PendingUpload row = pending.findById(UUID.fromString(ticket.get("file_id").asText())).orElseThrow();
        pending.update(new PendingUpload(row.id(), row.conversationId(), row.owner(), row.displayName(), row.objectKey(),
                row.contentType(), row.sizeBytes(), row.sha256(), row.tokenHash(), row.createdAt(),
                Instant.now().minusSeconds(1), null));
        Reply expired = complete(alice, chat, ticket);
        assertEquals(410, expired.status(), expired.toString());
        assertTrue(expired.json().get("message").asText().contains("expired"), expired.toString());
        assertFalse(pending.findById(row.id()).isPresent());
    }

    @Test
    void expiredUploads_areSweptWithTheirObjects_butCompletedFilesStay() throws Exception {
        String chat = newChat(alice);
        JsonNode abandoned = startUpload(alice, chat, "abandoned.csv", PEOPLE_CSV.length, null);
        putContent(abandoned, PEOPLE_CSV);
        JsonNode done = directUploadTicket(alice, chat, "kept.csv", PEOPLE_CSV);
        PendingUploadRepository pending = context().getBean(PendingUploadRepository.class);
        ObjectStore store = context().getBean(ObjectStore.class);
        PendingUpload abandonedRow = expire(pending, UUID.fromString(abandoned.get("file_id").asText()));
        expire(pending, UUID.fromString(done.get("file_id").asText()));
        assertTrue(store.exists(abandonedRow.objectKey()));

        assertTrue(context().getBean(DirectUploads.class).sweepExpired() >= 2);

        assertFalse(store.exists(abandonedRow.objectKey()), "the abandoned object is deleted");
        assertFalse(pending.findById(abandonedRow.id()).isPresent());
        assertEquals(404, complete(alice, chat, abandoned).status());
        assertArrayEquals(PEOPLE_CSV, download(alice, CHATS + "/" + chat + "/files/id/" + done.get("file_id").asText(), "kept.csv"));
    }

    private static PendingUpload expire(PendingUploadRepository pending, UUID id) {
        PendingUpload row = pending.findById(id).orElseThrow();
        return pending.update(new PendingUpload(row.id(), row.conversationId(), row.owner(), row.displayName(),
                row.objectKey(), row.contentType(), row.sizeBytes(), row.sha256(), row.tokenHash(), row.createdAt(),
                Instant.now().minusSeconds(1), row.completedAt()));
    }

    private JsonNode directUploadTicket(String token, String chat, String name, byte[] content) {
        JsonNode ticket = startUpload(token, chat, name, content.length, null);
        putContent(ticket, content);
        assertEquals(201, complete(token, chat, ticket).status());
        return ticket;
    }

    @Test
    void directUpload_badDeclarations_are4xxNamingTheField() {
        String chat = newChat(alice);
        Reply noSize = post(alice, CHATS + "/" + chat + "/uploads", json("{\"filename\": \"a.csv\"}"));
        assertEquals(422, noSize.status(), noSize.toString());
        assertEquals("size", noSize.data().get("details").get("field").asText());
        Reply badSha = post(alice, CHATS + "/" + chat + "/uploads", json("{\"filename\": \"a.csv\", \"size\": 3, \"sha256\": \"xyz\"}"));
        assertEquals(422, badSha.status(), badSha.toString());
        assertEquals("sha256", badSha.data().get("details").get("field").asText());
        Reply exe = post(alice, CHATS + "/" + chat + "/uploads", json("{\"filename\": \"run.exe\", \"size\": 3}"));
        assertEquals(415, exe.status(), exe.toString());
        Reply huge = post(alice, CHATS + "/" + chat + "/uploads", json("{\"filename\": \"a.csv\", \"size\": 10000000000}"));
        assertEquals(413, huge.status(), huge.toString());
        assertEnvelope(huge);
    }

    // ---------------------------------------------------------------- runs

    @Test
    void execute_answers202_thenTheRunCompletes_andItsOutputDownloads() {
        String chat = newChat(alice);
        directUpload(alice, chat, "people.csv", PEOPLE_CSV, null);
        Reply accepted = post(alice, CHATS + "/" + chat + "/execute",
                json("{\"steps\": [{\"operation\": \"csv/convert-to-excel\"}]}"));
        assertEquals(202, accepted.status(), accepted.toString());
        assertEnvelope(accepted);
        String runId = accepted.data().get("run_id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                get(alice, CHATS + "/" + chat + "/runs/" + runId).data().get("status").asText().equals("completed"));
        byte[] xlsx = download(alice, CHATS + "/" + chat + "/files/people_converted.xlsx", "people_converted.xlsx");
        assertEquals('P', xlsx[0]);
        assertEquals('K', xlsx[1]);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void errors_401_404_422_useTheEnvelope() {
        Reply anonymous = get(null, CHATS);
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertEnvelope(anonymous);

        Reply missing = get(alice, CHATS + "/" + UUID.randomUUID());
        assertEquals(404, missing.status(), missing.toString());
        assertEnvelope(missing);

        String chat = newChat(alice);
        Reply badWait = post(alice, CHATS + "/" + chat + "/execute?wait=abc",
                json("{\"steps\": [{\"operation\": \"csv/convert-to-excel\"}]}"));
        assertEquals(422, badWait.status(), badWait.toString());
        assertEnvelope(badWait);
        assertEquals("wait", badWait.data().get("details").get("field").asText());
    }

    // ---------------------------------------------------------------- helpers

    protected Reply get(String token, String path) {
        return send("GET", token, path, null);
    }

    protected Reply post(String token, String path, byte[] jsonBody) {
        return send("POST", token, path, jsonBody);
    }

    protected Reply send(String method, String token, String path, byte[] jsonBody) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.put("Accept", "application/json");
        return exchange().send(method, path, headers, jsonBody);
    }

    protected String newChat(String token) {
        Reply created = post(token, CHATS, null);
        assertEquals(201, created.status(), created.toString());
        return created.data().get("chat_id").asText();
    }

    protected JsonNode startUpload(String token, String chat, String name, long size, String sha256) {
        String body = "{\"filename\": \"" + name + "\", \"size\": " + size
                + (sha256 == null ? "" : ", \"sha256\": \"" + sha256 + "\"") + "}";
        Reply started = post(token, CHATS + "/" + chat + "/uploads", json(body));
        assertEquals(201, started.status(), started.toString());
        assertEnvelope(started);
        JsonNode ticket = started.data();
        assertEquals("PUT", ticket.get("method").asText());
        assertNotNull(ticket.get("expires_at").asText());
        return ticket;
    }

    /** The PUT a client sends to the upload URL: no bearer token, only the headers the ticket names. */
    protected Reply putContent(JsonNode ticket, byte[] content) {
        Map<String, String> headers = new HashMap<>();
        ticket.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return JdkExchange.sendTo(URI.create(ticket.get("upload_url").asText()), "PUT", headers, content);
    }

    protected Reply complete(String token, String chat, JsonNode ticket) {
        return post(token, CHATS + "/" + chat + "/uploads/" + ticket.get("file_id").asText() + "/complete", null);
    }

    protected JsonNode directUpload(String token, String chat, String name, byte[] content, String sha256) {
        JsonNode ticket = startUpload(token, chat, name, content.length, sha256);
        Reply put = putContent(ticket, content);
        assertTrue(put.status() >= 200 && put.status() < 300, "PUT to the upload URL: " + put);
        Reply completed = complete(token, chat, ticket);
        assertEquals(201, completed.status(), completed.toString());
        assertEnvelope(completed);
        assertEquals(ticket.get("file_id").asText(), completed.data().get("file_id").asText());
        return completed.data();
    }

    /** Downloads as a client would: follows the 307 on Lambda (without the bearer token), checks the name. */
    protected byte[] download(String token, String path, String expectedName) {
        Reply reply = get(token, path);
        if (downloadsRedirect()) {
            assertEquals(307, reply.status(), reply.toString());
            URI location = URI.create(reply.header("Location").orElseThrow());
            assertFalse(location.toString().contains("/api/v1/"), "redirects to the store: " + location);
            reply = JdkExchange.sendTo(location, "GET", Map.of(), null);
        }
        assertEquals(200, reply.status(), reply.toString());
        String disposition = reply.header("Content-Disposition").orElseThrow();
        assertTrue(disposition.contains("filename=\"" + expectedName + "\""), disposition);
        return reply.body();
    }

    protected static void assertEnvelope(Reply reply) {
        JsonNode body = reply.json();
        assertEquals(reply.status(), body.get("status_code").asInt(), "status_code equals the HTTP status: " + reply);
        assertTrue(body.hasNonNull("message"), reply.toString());
        JsonNode meta = body.get("meta");
        assertNotNull(meta, reply.toString());
        assertEquals("v1", meta.get("api_version").asText());
        assertFalse(meta.get("request_id").asText().isEmpty());
        assertEquals(meta.get("request_id").asText(), reply.header("X-Request-Id").orElse(null), "X-Request-Id: " + reply.headers());
        assertTrue(body.has("data") && body.has("total"), reply.toString());
    }

    protected static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String jwt(String subject, String issuer) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(issuer).claim("roles", List.of())
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600))).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(JWT_SECRET));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
