package io.sheetflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication on every route and handshake, and user B never reaching anything of user A's. */
@MicronautTest
class TwoUsersTest extends ServerTest {
    private ApiClient alice;
    private ApiClient bob;
    private String aliceChat;
    private String aliceFileId;
    private String aliceRunId;
    private byte[] aliceCsv;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.limits.uploads-per-minute", "1000", "sheetflow.limits.runs-per-minute", "1000");
    }

    @BeforeAll
    void twoUsersWithData() throws Exception {
        alice = api().withToken(createKey("alice", false));
        bob = api().withToken(createKey("bob", false));
        aliceChat = alice.createChat();
        aliceCsv = java.nio.file.Files.readAllBytes(Csv.people(dataDir, 20));
        aliceFileId = alice.upload(aliceChat, "secret.csv", aliceCsv).data().get("file_id").asText();
        aliceRunId = alice.post("/api/v1/chat/workflows/" + aliceChat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"csv/info\"}]}").data().get("run_id").asText();
    }

    private String createKey(String user, boolean admin) {
        Answer created = api().post("/api/v1/admin/api-keys", "{\"user\":\"" + user + "\",\"name\":\"test\",\"admin\":" + admin + "}");
        assertEquals(201, created.status(), created.body().toString());
        String key = created.data().get("api_key").asText();
        assertTrue(key.startsWith("sfk_"));
        return key;
    }

    @Test
    void healthIsOpen_everythingElseNeedsAToken() {
        ApiClient anonymous = api().withToken(null);
        assertEquals(200, anonymous.get("/api/v1/health").status());
        assertEquals(200, anonymous.get("/api/v1/health/ready").status());
        for (String path : List.of("/api/v1/chat/workflows", "/api/v1/chat/workflows/" + aliceChat,
                "/api/v1/operations", "/api/v1/stats", "/api/v1/admin/api-keys", "/api/v1/nothing-here")) {
            Answer answer = anonymous.get(path);
            assertEquals(401, answer.status(), path);
            assertEquals(401, answer.body().get("status_code").asInt(), path);
            assertTrue(answer.message().contains("Bearer"), answer.message());
        }
        assertEquals(401, anonymous.post("/api/v1/chat/workflows", null).status());
        assertEquals(401, api().withToken("sfk_not-a-key").get("/api/v1/chat/workflows").status());
        assertEquals(401, api().withToken("eyJhbGciOiJIUzI1NiJ9.e30.c2ln").get("/api/v1/chat/workflows").status());
    }

    @Test
    void webSocketHandshake_withoutOrWithABadToken_isRefused() {
        Throwable noToken = TestSocket.refused(server.getURI(), "/chat/" + aliceChat);
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, noToken);
        assertEquals(401, refused.getResponse().statusCode());
        Throwable badToken = TestSocket.refused(server.getURI(), "/events?token=sfk_wrong");
        assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, badToken).getResponse().statusCode());
    }

    @Test
    void tokenInTheQueryString_isOnlyAcceptedOnWebSocketHandshakes() {
        ApiClient anonymous = api().withToken(null);
        assertEquals(401, anonymous.get("/api/v1/chat/workflows?token=" + alice.token()).status());
    }

    @Test
    void bob_cannotReadRunDownloadOrDeleteAlicesThings_byGuessingIdsOrNames() {
        String base = "/api/v1/chat/workflows/" + aliceChat;
        List<Answer> attempts = new ArrayList<>();
        attempts.add(bob.get(base));
        attempts.add(bob.get(base + "/messages"));
        attempts.add(bob.get(base + "/files"));
        attempts.add(bob.get(base + "/runs"));
        attempts.add(bob.get(base + "/runs/" + aliceRunId));
        attempts.add(bob.post(base + "/runs/" + aliceRunId + "/cancel", null));
        attempts.add(bob.get(base + "/events?since=0"));
        attempts.add(bob.post(base + "/execute", "{\"steps\":[{\"operation\":\"csv/info\"}]}"));
        attempts.add(bob.upload(aliceChat, "x.csv", "a\n1\n".getBytes()));
        attempts.add(bob.patch(base, "{\"title\":\"mine now\"}"));
        attempts.add(bob.delete(base));
        for (Answer attempt : attempts) {
            assertEquals(404, attempt.status(), attempt.body().toString());
            assertEquals("Conversation not found", attempt.message());
        }
        assertEquals(404, bob.download(base + "/files/id/" + aliceFileId).statusCode());
        assertEquals(404, bob.download(base + "/files/secret.csv").statusCode());

        String bobChat = bob.createChat();
        assertEquals(404, bob.download("/api/v1/chat/workflows/" + bobChat + "/files/id/" + aliceFileId).statusCode(),
                "a file id of another conversation is not found in one's own either");
        Answer crossInput = bob.post("/api/v1/chat/workflows/" + bobChat + "/execute",
                "{\"steps\":[{\"operation\":\"csv/info\"}],\"input_file\":\"" + aliceFileId + "\"}");
        assertEquals(422, crossInput.status());

        List<String> bobsList = bob.get("/api/v1/chat/workflows").data().get("conversations").findValuesAsText("chat_id");
        assertFalse(bobsList.contains(aliceChat));
        assertEquals(List.of(bobChat), bobsList);

        assertArrayEquals(aliceCsv, alice.download(base + "/files/id/" + aliceFileId).body(), "alice's data is intact");
        assertEquals(alice.get(base).data().get("title").isNull(), true);
    }

    @Test
    void bob_cannotSubscribeToAlicesConversation() {
        try (TestSocket direct = TestSocket.connect(server.getURI(), "/chat/" + aliceChat, bob.token())) {
            assertEquals("Conversation not found", direct.awaitType("error").get("message").asText());
            assertEquals(4404, direct.awaitClose());
        }
        String bobChat = bob.createChat();
        try (TestSocket socket = TestSocket.connect(server.getURI(), "/chat/" + bobChat, bob.token())) {
            socket.awaitType("connected");
            socket.send("{\"type\":\"subscribe\",\"chat_id\":\"" + aliceChat + "\",\"since\":0}");
            assertEquals("Conversation not found", socket.awaitType("error").get("message").asText());
            socket.send("ping");
            socket.awaitType("pong");
            assertTrue(socket.frames().stream().noneMatch(f -> aliceChat.equals(f.path("chat_id").asText())
                    && f.has("seq") && !f.path("type").asText().equals("error")), "no event of alice's reached bob");
        }
    }

    @Test
    void userStream_onlyCarriesOnesOwnRuns() {
        try (TestSocket bobStream = TestSocket.connect(server.getURI(), "/events", bob.token());
             TestSocket aliceStream = TestSocket.connect(server.getURI(), "/events", alice.token())) {
            bobStream.awaitType("connected");
            aliceStream.awaitType("connected");
            alice.post("/api/v1/chat/workflows/" + aliceChat + "/execute?wait=60", "{\"steps\":[{\"operation\":\"csv/info\"}]}");
            aliceStream.awaitType("workflow_completed");
            bobStream.send("ping");
            bobStream.awaitType("pong");
            assertTrue(bobStream.frames("workflow_completed").isEmpty());
            assertTrue(bobStream.frames("workflow_queued").isEmpty());
        }
    }

    @Test
    void admin_seesEveryonesConversationsOnlyWhenAsking_andCanOpenThem() {
        List<String> own = api().get("/api/v1/chat/workflows?limit=500").data().get("conversations").findValuesAsText("chat_id");
        assertFalse(own.contains(aliceChat));
        List<String> all = api().get("/api/v1/chat/workflows?all=true&limit=500").data().get("conversations").findValuesAsText("chat_id");
        assertTrue(all.contains(aliceChat));
        assertEquals(200, api().get("/api/v1/chat/workflows/" + aliceChat).status());
        assertEquals(403, bob.get("/api/v1/chat/workflows?all=true").status());
    }

    @Test
    void apiKeys_areAdminOnly_listedWithoutSecrets_andRevocable() {
        assertEquals(403, bob.post("/api/v1/admin/api-keys", "{\"user\":\"bob\",\"admin\":true}").status());
        assertEquals(403, bob.get("/api/v1/admin/api-keys").status());
        assertEquals(422, api().post("/api/v1/admin/api-keys", "{\"user\":\"../x\"}").status());

        String temporary = createKey("carol", false);
        ApiClient carol = api().withToken(temporary);
        assertEquals(200, carol.get("/api/v1/chat/workflows").status());
        JsonNode keys = api().get("/api/v1/admin/api-keys").data().get("keys");
        assertFalse(keys.toString().contains(temporary), "secrets are never listed");
        String keyId = null;
        for (JsonNode key : keys) {
            if (key.get("user").asText().equals("carol")) {
                keyId = key.get("key_id").asText();
            }
        }
        assertEquals(200, api().delete("/api/v1/admin/api-keys/" + keyId).status());
        await().until(() -> carol.get("/api/v1/chat/workflows").status() == 401);
        assertEquals(404, api().delete("/api/v1/admin/api-keys/" + keyId).status());
    }

    @Test
    void adminKey_grantsTheAdminRole() {
        ApiClient dora = api().withToken(createKey("dora", true));
        assertEquals(200, dora.get("/api/v1/admin/api-keys").status());
        assertEquals(200, dora.get("/api/v1/chat/workflows/" + aliceChat).status());
    }
}
