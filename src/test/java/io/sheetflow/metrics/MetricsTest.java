package io.sheetflow.metrics;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.PrometheusText;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics} on the real server: who may read it, and that a run moves the figures it should. */
@MicronautTest(transactional = false)
class MetricsTest extends ServerTest {
    private static final String METRICS_TOKEN = "sfm_test_metrics_" + java.util.UUID.randomUUID();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.metrics.token", METRICS_TOKEN);
    }

    @Test
    void metricsWithoutAToken_answers401() {
        assertEquals(401, new ApiClient(server.getURI(), "").download("/metrics").statusCode());
    }

    @Test
    void metricsWithAnUnknownToken_answers401() {
        assertEquals(401, api().withToken("sfm_not_the_metrics_token").download("/metrics").statusCode());
    }

    @Test
    void metricsWithANonAdminApiKey_answers403() {
        Answer key = api().post("/api/v1/admin/api-keys", "{\"user\":\"bob\"}");
        assertEquals(201, key.status(), key.body().toString());
        HttpResponse<byte[]> answer = api().withToken(key.data().get("api_key").asText()).download("/metrics");
        assertEquals(403, answer.statusCode());
    }

    @Test
    void metricsWithTheMetricsToken_answersPrometheusText() {
        HttpResponse<byte[]> answer = metricsClient().download("/metrics");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("# TYPE jvm_memory_used_bytes gauge"), "JVM binders");
        assertTrue(text.contains("sheetflow_runs_waiting"), "queue depth gauge");
    }

    @Test
    void metricsWithTheAdminToken_answers200() {
        HttpResponse<byte[]> answer = api().download("/metrics");
        assertEquals(200, answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aCompletedRun_movesTheRunStepUploadEventAndRequestFigures() {
        String before = scrape();
        String chat = api().createChat();
        byte[] csv = "id,name\n1,Ada\n2,Grace\n3,Linus\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, api().upload(chat, "people.csv", csv).status());
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"csv/info\"}],\"input_file\":\"people.csv\"}");
        assertEquals("completed", run.data().get("status").asText(), run.body().toString());

        // The request timer is recorded as the response completes, which may be just after the client has it.
        await().atMost(Duration.ofSeconds(30)).until(() -> value(scrape(), "http_server_requests_seconds_count",
                "method", "POST", "status", "200", "uri", "/api/v1/chat/workflows/{chatId}/execute") >= 1);
        String after = scrape();
        assertEquals(1, delta(before, after, "sheetflow_runs_ended_total", "operation", "csv/info", "status", "completed"));
        assertEquals(1, delta(before, after, "sheetflow_runs_queued_total"));
        assertEquals(1, delta(before, after, "sheetflow_runs_started_total"));
        assertEquals(1, delta(before, after, "sheetflow_step_duration_seconds_count", "operation", "csv/info",
                "status", "completed"));
        assertEquals(1, delta(before, after, "sheetflow_run_duration_seconds_count", "status", "completed"));
        assertEquals(1, delta(before, after, "sheetflow_run_queue_wait_seconds_count"));
        assertEquals(csv.length, delta(before, after, "sheetflow_upload_bytes_total", "transport", "body"));
        assertEquals(1, delta(before, after, "sheetflow_events_appended_total", "type", "workflow_completed"));
        assertEquals(1, delta(before, after, "sheetflow_events_appended_total", "type", "workflow_queued"));
        assertTrue(value(after, "http_server_requests_seconds_count", "method", "POST", "status", "200",
                "uri", "/api/v1/chat/workflows/{chatId}/upload") >= 1, "upload requests by route");
    }

    private ApiClient metricsClient() {
        return api().withToken(METRICS_TOKEN);
    }

    private String scrape() {
        HttpResponse<byte[]> answer = metricsClient().download("/metrics");
        assertEquals(200, answer.statusCode());
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    static double value(String exposition, String name, String... labels) {
        return PrometheusText.value(exposition, name, labels);
    }
}
