package io.sheetflow.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.PrometheusText;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import io.sheetflow.ui.GateOperation;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin dashboard's snapshot and stream on the real server: its figures, who may see it, its pushes. */
@MicronautTest(transactional = false)
class AdminDashboardTest extends ServerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] CSV = "id,name\n1,Ada\n2,Grace\n3,Linus\n".getBytes(StandardCharsets.UTF_8);

    @Inject
    GateOperation gate;

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> properties = new java.util.HashMap<>(databaseProperties());
        properties.put("sheetflow.test.gate-operation", "true");
        properties.put("sheetflow.runs.max-concurrent", "1");
        return properties;
    }

    /** The database the server uses: H2 here, PostgreSQL in {@link AdminDashboardPostgresTest}. */
    protected Map<String, String> databaseProperties() {
        return Map.of();
    }

    @AfterEach
    void openGate() {
        gate.open();
    }

    @Test
    void snapshotAfterRuns_showsTheFiguresOfStatsAndMetrics() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", CSV).status());
        assertEquals("completed", runAndWait(chat, "csv/info").get("status").asText());
        assertEquals("completed", runAndWait(chat, "csv/info").get("status").asText());
        JsonNode failed = runAndWait(chat, "excel/info");
        assertEquals("failed", failed.get("status").asText(), failed.toString());
        String reason = failed.get("error").asText();

        try (TestSocket watcher = socket("/admin/stream")) {
            watcher.awaitType(DashboardStream.FRAME_TYPE);
            // The queue lets go of a run just after its end commits, and a socket's count moves as it opens.
            await().atMost(WAIT).until(() -> {
                JsonNode stats = stats();
                return stats.at("/runs/running").asInt() == 0 && stats.at("/runs/waiting").asInt() == 0
                        && stats.at("/websocket/connections").asInt() == 1;
            });
            JsonNode dashboard = dashboard();
            JsonNode stats = stats();
            String metrics = scrape();

            JsonNode queue = dashboard.get("queue");
            assertEquals(stats.at("/runs/waiting").asInt(), queue.get("waiting").asInt());
            assertEquals(stats.at("/runs/running").asInt(), queue.get("running").asInt());
            assertEquals(stats.at("/runs/max_concurrent").asInt(), queue.get("max_concurrent").asInt());
            assertEquals(metric(metrics, "sheetflow_runs_waiting"), queue.get("waiting").asLong());
            assertEquals(metric(metrics, "sheetflow_runs_running"), queue.get("running").asLong());
            assertEquals(0, queue.get("by_user").size(), "no unfinished runs: " + queue);

            assertEquals(stats.get("websocket"), dashboard.get("websocket"));
            assertEquals(metric(metrics, "sheetflow_websocket_connections"), dashboard.at("/websocket/connections").asLong());

            JsonNode runs = dashboard.get("runs");
            assertEquals(metric(metrics, "sheetflow_runs_queued_total"), runs.get("queued").asLong());
            assertEquals(metric(metrics, "sheetflow_runs_started_total"), runs.get("started").asLong());
            for (String status : new String[]{"completed", "failed", "cancelled"}) {
                long counted = metric(metrics, "sheetflow_runs_ended_total", "status", status);
                assertEquals(counted, runs.at("/ended/" + status).asLong(), status);
                assertEquals(counted, sumOf(runs.get("per_minute"), status), "runs per minute, " + status);
            }
            assertTrue(runs.at("/ended/completed").asLong() >= 2 && runs.at("/ended/failed").asLong() >= 1, runs.toString());

            JsonNode failures = dashboard.get("failures");
            assertEquals(metric(metrics, "sheetflow_runs_ended_total", "status", "failed"), failures.get("total").asLong());
            assertEquals("1h", failures.get("window").asText());
            assertTrue(has(failures.get("reasons"), r -> reason.equals(r.get("reason").asText()) && r.get("count").asLong() >= 1),
                    failures.toString());
            assertTrue(has(failures.get("recent"), f -> reason.equals(f.get("reason").asText())
                    && "local".equals(f.get("user").asText()) && chat.equals(f.get("chat_id").asText())), failures.toString());

            JsonNode uploaded = find(dashboard.at("/storage/by_kind"), k -> "uploaded".equals(k.get("kind").asText()));
            assertEquals(metric(metrics, "sheetflow_upload_bytes_total"), uploaded.get("bytes").asLong());
            assertEquals(metric(metrics, "sheetflow_uploads_total"), uploaded.get("files").asLong());
            assertTrue(dashboard.at("/storage/bytes").asLong() >= uploaded.get("bytes").asLong());

            JsonNode operations = dashboard.at("/slowest_operations/operations");
            for (String operation : new String[]{"csv/info", "excel/info"}) {
                JsonNode timing = find(operations, o -> operation.equals(o.get("operation").asText()));
                assertEquals(metric(metrics, "sheetflow_step_duration_seconds_count", "operation", operation, "status", "completed")
                        + metric(metrics, "sheetflow_step_duration_seconds_count", "operation", operation, "status", "failed"),
                        timing.get("steps").asLong(), operation);
                assertEquals(metric(metrics, "sheetflow_step_duration_seconds_count", "operation", operation, "status", "failed"),
                        timing.get("failed").asLong(), operation);
                assertTrue(timing.get("p50_ms").asLong() <= timing.get("p95_ms").asLong()
                        && timing.get("p95_ms").asLong() <= timing.get("max_ms").asLong(), timing.toString());
            }
        }
    }

    @Test
    void snapshotForANonAdmin_answers403() {
        Answer answer = userClient("bob").get("/api/v1/admin/dashboard");
        assertEquals(403, answer.status(), answer.body().toString());
    }

    @Test
    void streamForANonAdmin_isClosedWith4403AndSaysWhy() {
        String key = userClient("carol").token();
        try (TestSocket refused = TestSocket.connect(server.getURI(), "/admin/stream", key)) {
            assertEquals(4403, refused.awaitClose());
            assertEquals("Forbidden: the admin stream needs an admin's token",
                    refused.awaitType("error").get("message").asText());
            assertTrue(refused.frames(DashboardStream.FRAME_TYPE).isEmpty(), "no snapshot for a non-admin");
        }
    }

    @Test
    void streamWithoutAToken_isRefusedAtTheHandshake() {
        Throwable refused = TestSocket.refused(server.getURI(), "/admin/stream");
        assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, refused).getResponse().statusCode());
    }

    @Test
    void streamAnswersPing() {
        try (TestSocket watcher = socket("/admin/stream")) {
            assertEquals("admin", watcher.awaitType("connected").get("stream").asText());
            watcher.send("ping");
            watcher.awaitType("pong");
        }
    }

    @Test
    void stream_pushesSnapshotsThatFollowARunsTransitions() {
        gate.close();
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", CSV).status());
        try (TestSocket watcher = socket("/admin/stream")) {
            long completedBefore = watcher.awaitType(DashboardStream.FRAME_TYPE).at("/snapshot/runs/ended/completed").asLong();

            String first = start(chat, "test/gate");
            watcher.awaitFrame(snapshot(s -> s.at("/queue/running").asInt() == 1
                    && has(s.at("/queue/by_user"), u -> "local".equals(u.get("user").asText()) && u.get("running").asLong() == 1)));

            String second = start(chat, "test/gate");
            watcher.awaitFrame(snapshot(s -> s.at("/queue/running").asInt() == 1 && s.at("/queue/waiting").asInt() == 1
                    && has(s.at("/queue/by_user"), u -> u.get("queued").asLong() == 1 && u.get("running").asLong() == 1)));

            gate.open();
            // A snapshot pushed for another change may fall between a run's end being counted and its commit; the
            // one pushed after the queue lets go of the last run shows everything ended.
            watcher.awaitFrame(snapshot(s -> s.at("/queue/running").asInt() == 0 && s.at("/queue/waiting").asInt() == 0
                    && s.at("/runs/ended/completed").asLong() == completedBefore + 2 && s.at("/queue/by_user").size() == 0));
            for (String run : new String[]{first, second}) {
                assertEquals("completed", api().get("/api/v1/chat/workflows/" + chat + "/runs/" + run).data().get("status").asText());
            }
        }
    }

    private static Predicate<JsonNode> snapshot(Predicate<JsonNode> matching) {
        return f -> DashboardStream.FRAME_TYPE.equals(f.path("type").asText()) && matching.test(f.get("snapshot"));
    }

    private String start(String chat, String operation) {
        Answer accepted = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\":[{\"operation\":\"" + operation + "\"}],\"input_file\":\"people.csv\"}");
        assertEquals(202, accepted.status(), accepted.body().toString());
        return accepted.data().get("run_id").asText();
    }

    private JsonNode runAndWait(String chat, String operation) {
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"" + operation + "\"}],\"input_file\":\"people.csv\"}");
        assertEquals(200, run.status(), run.body().toString());
        return run.data();
    }

    private JsonNode dashboard() {
        Answer answer = api().get("/api/v1/admin/dashboard");
        assertEquals(200, answer.status(), answer.body().toString());
        return answer.data();
    }

    private JsonNode stats() {
        return api().get("/api/v1/stats").data();
    }

    private String scrape() {
        HttpResponse<byte[]> answer = api().download("/metrics");
        assertEquals(200, answer.statusCode());
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static long metric(String metrics, String name, String... labels) {
        return Math.round(PrometheusText.value(metrics, name, labels));
    }

    private static long sumOf(JsonNode minutes, String field) {
        long sum = 0;
        for (JsonNode minute : minutes) {
            sum += minute.get(field).asLong();
        }
        return sum;
    }

    private static boolean has(JsonNode array, Predicate<JsonNode> matching) {
        for (JsonNode item : array) {
            if (matching.test(item)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode find(JsonNode array, Predicate<JsonNode> matching) {
        for (JsonNode item : array) {
            if (matching.test(item)) {
                return item;
            }
        }
        throw new AssertionError("not found in " + array);
    }
}
