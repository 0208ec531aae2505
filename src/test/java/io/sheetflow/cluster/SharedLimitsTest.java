package io.sheetflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static io.sheetflow.cluster.SharedRunQueueTest.GATE_RUN;
import static io.sheetflow.cluster.SharedRunQueueTest.chatWithInput;
import static io.sheetflow.cluster.SharedRunQueueTest.status;
import static io.sheetflow.cluster.SharedRunQueueTest.submit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sheetflow.limits.store: database}: a user's limits count requests and connections on both instances. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedLimitsTest {
    private static final String UNKNOWN_OPERATION = "{\"steps\":[{\"operation\":\"no/such-operation\"}]}";
    private TwoInstances cluster;

    @BeforeAll
    void start() {
        cluster = new TwoInstances(Map.of("sheetflow.limits.runs-per-minute", "3",
                "sheetflow.limits.active-runs-per-user", "2",
                "sheetflow.limits.websocket-connections-per-user", "2"));
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private String keyFor(String user) {
        ApiClient.Answer created = cluster.a.api.post("/api/v1/admin/api-keys", "{\"user\":\"" + user + "\"}");
        assertEquals(201, created.status(), created.body().toString());
        return created.data().get("api_key").asText();
    }

    @Test
    void theRunRateLimit_isReachedByRequestsSpreadOverBothInstances() {
        String key = keyFor("rita");
        ApiClient onA = cluster.a.api.withToken(key);
        ApiClient onB = cluster.b.api.withToken(key);
        String chat = onA.createChat();
        String execute = "/api/v1/chat/workflows/" + chat + "/execute";
        // Each request counts against the rate before its steps are checked (these are refused with 422).
        assertEquals(422, onA.post(execute, UNKNOWN_OPERATION).status());
        assertEquals(422, onB.post(execute, UNKNOWN_OPERATION).status());
        assertEquals(422, onA.post(execute, UNKNOWN_OPERATION).status());
        ApiClient.Answer limited = onB.post(execute, UNKNOWN_OPERATION);
        assertEquals(429, limited.status(), limited.body().toString());
        assertTrue(limited.message().startsWith("Too many workflow runs"), limited.message());
    }

    @Test
    void theActiveRunLimit_countsRunsSubmittedToBothInstances() throws Exception {
        String key = keyFor("ada");
        ApiClient onA = cluster.a.api.withToken(key);
        ApiClient onB = cluster.b.api.withToken(key);
        String chat = chatWithInput(onA);
        cluster.a.gate().close();
        cluster.b.gate().close();
        List<String> active = List.of(submit(onA, chat, GATE_RUN), submit(onB, chat, GATE_RUN));
        ApiClient.Answer third = onA.post("/api/v1/chat/workflows/" + chat + "/execute", GATE_RUN);
        assertEquals(429, third.status(), third.body().toString());
        assertTrue(third.message().startsWith("Too many active runs"), third.message());
        cluster.a.gate().open();
        cluster.b.gate().open();
        await().until(() -> active.stream().allMatch(run -> "completed".equals(status(onA, chat, run))));
    }

    @Test
    void theWebSocketCapPerUser_countsConnectionsOnBothInstances() {
        String key = keyFor("wes");
        String chat = cluster.a.api.withToken(key).createChat();
        String path = "/chat/" + chat;
        try (TestSocket first = TestSocket.connect(cluster.a.server.getURI(), path, key);
             TestSocket second = TestSocket.connect(cluster.b.server.getURI(), path, key)) {
            first.awaitType("connected");
            second.awaitType("connected");
            try (TestSocket third = TestSocket.connect(cluster.b.server.getURI(), path, key)) {
                JsonNode error = third.awaitType("error");
                assertEquals("Maximum connections per user reached", error.get("message").asText());
                assertEquals(1008, third.awaitClose());
            }
            first.close();
            // The slot comes back once instance A has counted the close; until then a connect is refused.
            await().until(() -> {
                try (TestSocket again = TestSocket.connect(cluster.b.server.getURI(), path, key)) {
                    JsonNode answer = again.awaitFrame(f -> f.path("type").asText().matches("connected|error"));
                    return "connected".equals(answer.get("type").asText());
                }
            });
        }
    }
}
