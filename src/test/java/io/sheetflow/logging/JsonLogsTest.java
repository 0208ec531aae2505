package io.sheetflow.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.LogProbeController;
import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code SHEETFLOW_LOG_FORMAT=json} on the server as users start it: its own JVM with the built-in logging
 * configuration (not the tests' logback-test.xml), a first-run generated token, an API key, a run that fails and a
 * request that logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonLogsTest {
    private static final String WRONG_TOKEN = "sft_not_a_valid_token_0123456789abcdef";

    private Path dir;
    private String serverToken;
    private String apiKey;
    private String chat;
    private String runId;
    private String probeRequestId;
    private List<JsonNode> lines;

    @BeforeAll
    void runTheServerWithJsonLogs() throws Exception {
        dir = Files.createTempDirectory("sheetflow-json-logs-");
        try (ServerProcess server = ServerProcess.start(dir, "", Map.of("SHEETFLOW_LOG_FORMAT", "json",
                "SHEETFLOW_TEST_LOG_PROBE", "true"))) {
            serverToken = Files.readString(dir.resolve("data").resolve("server-token")).strip();
            ApiClient admin = new ApiClient(server.base(), serverToken);
            Answer key = admin.post("/api/v1/admin/api-keys", "{\"user\":\"alice\",\"name\":\"logs test\"}");
            assertEquals(201, key.status(), key.body().toString());
            apiKey = key.data().get("api_key").asText();

            ApiClient alice = new ApiClient(server.base(), apiKey);
            chat = alice.createChat();
            Answer upload = alice.upload(chat, "people.csv", "id,name\n1,Ada\n2,Grace\n".getBytes());
            assertEquals(200, upload.status(), upload.body().toString());
            Answer run = alice.post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                    "{\"steps\":[{\"operation\":\"excel/info\"}],\"input_file\":\"people.csv\"}");
            assertEquals("failed", run.data().get("status").asText(), run.body().toString());
            runId = run.data().get("run_id").asText();

            Answer probe = alice.get("/api/v1/test/log-probe/" + chat);
            assertEquals(200, probe.status(), probe.body().toString());
            probeRequestId = probe.raw().headers().firstValue("X-Request-Id").orElseThrow();
            assertEquals(401, alice.withToken(WRONG_TOKEN).get("/api/v1/chat/workflows").status());
            alice.send(HttpRequest.newBuilder(server.base().resolve("/api/v1/chat/workflows?token=" + WRONG_TOKEN)));
            server.terminate(Duration.ofSeconds(30));
            lines = parse(server.log());
        }
    }

    @AfterAll
    void removeTheDataDirectory() throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyLineIsOneJsonObject_withTimestampLevelLoggerAndMessage() {
        assertFalse(lines.isEmpty());
        for (JsonNode line : lines) {
            for (String field : List.of("timestamp", "level", "logger", "message")) {
                assertTrue(line.hasNonNull(field), field + " missing in " + line);
            }
        }
    }

    @Test
    void noLineHoldsATokenOrAnApiKey() {
        for (JsonNode line : lines) {
            String text = line.toString();
            for (String secret : List.of(serverToken, apiKey, WRONG_TOKEN)) {
                assertFalse(text.contains(secret), "a secret in " + text);
            }
        }
    }

    @Test
    void theStartupLine_saysWhereTheFirstRunTokenIsKept_insteadOfPrintingIt() {
        JsonNode banner = lines.stream().filter(l -> l.get("message").asText().startsWith("Sheetflow is running"))
                .findFirst().orElseThrow(() -> new AssertionError("no startup line in " + lines));
        assertTrue(banner.get("message").asText().contains("server-token (not logged)"), banner.toString());
    }

    @Test
    void aLineLoggedInARequest_carriesItsRequestIdUserAndChat() {
        JsonNode probe = lines.stream().filter(l -> LogProbeController.MESSAGE.equals(l.get("message").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no probe line in " + lines));
        assertEquals(probeRequestId, text(probe, "request_id"));
        assertEquals("alice", text(probe, "user"));
        assertEquals(chat, text(probe, "chat_id"));
        assertEquals("WARN", probe.get("level").asText());
    }

    @Test
    void aLineLoggedWhileARunExecutes_carriesItsRunChatAndUser() {
        JsonNode failure = lines.stream().filter(l -> l.get("message").asText().startsWith("Run " + runId + " failed"))
                .findFirst().orElseThrow(() -> new AssertionError("no run failure line in " + lines));
        assertEquals(runId, text(failure, "run_id"));
        assertEquals(chat, text(failure, "chat_id"));
        assertEquals("alice", text(failure, "user"));
        assertFalse(failure.has("request_id"), "a run is not part of the request that queued it: " + failure);
    }

    private static String text(JsonNode line, String field) {
        assertNotNull(line.get(field), field + " missing in " + line);
        return line.get(field).asText();
    }

    private static List<JsonNode> parse(Path log) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = ApiClient.JSON.readTree(line);
                assertTrue(node.isObject(), line);
                parsed.add(node);
            } catch (Exception e) {
                fail("not a JSON line: " + line + "\n" + String.join("\n", Files.readAllLines(log)));
            }
        }
        return parsed;
    }
}
