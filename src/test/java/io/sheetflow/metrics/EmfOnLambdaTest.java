package io.sheetflow.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sheetflow.lambda.HttpFunction;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.LambdaExchange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On Lambda the figures leave as CloudWatch embedded-metric-format lines at the end of each invocation. */
class EmfOnLambdaTest {

    @Test
    void anInvocation_endsWithEmfLinesOfWhatItMoved_andThereIsNoPrometheusRegistry() throws Exception {
        try (LambdaApp app = new LambdaApp(Map.of())) {
            assertTrue(app.context.findBean(PrometheusMeterRegistry.class).isEmpty(), "no /metrics on Lambda");
            LambdaExchange http = new LambdaExchange(new HttpFunction(app.context));
            List<JsonNode> lines = stdoutOf(() -> http.send("POST", "/api/v1/chat/workflows",
                    Map.of("Authorization", "Bearer " + app.adminToken, "Content-Type", "application/json"),
                    "{}".getBytes(StandardCharsets.UTF_8)));
            JsonNode request = lines.stream()
                    .filter(l -> l.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").path(0).path("Name")
                            .asText().equals("http.server.requests.count"))
                    .filter(l -> "/api/v1/chat/workflows".equals(l.path("uri").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no request line in " + lines));
            JsonNode directive = request.get("_aws").get("CloudWatchMetrics").get(0);
            assertEquals("Sheetflow", directive.get("Namespace").asText());
            List<String> dimensions = new ArrayList<>();
            directive.get("Dimensions").get(0).forEach(d -> dimensions.add(d.asText()));
            assertTrue(dimensions.containsAll(List.of("method", "status", "uri")), dimensions.toString());
            assertEquals("201", request.get("status").asText());
            assertEquals(1, request.get("http.server.requests.count").asDouble());
            assertTrue(request.get("_aws").get("Timestamp").asLong() > 0);

            List<JsonNode> again = stdoutOf(() -> app.context.getBean(EmfPublisher.class).flush());
            assertTrue(again.isEmpty(), "a flush without anything new writes nothing: " + again);
        }
    }

    private static List<JsonNode> stdoutOf(Runnable invocation) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            invocation.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{\"_aws\"")) {
                lines.add(ApiClient.JSON.readTree(line));
            }
        }
        return lines;
    }
}
