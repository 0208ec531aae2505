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

            lines.forEach(EmfOnLambdaTest::assertEmfSpecification);

            List<JsonNode> again = stdoutOf(() -> app.context.getBean(EmfPublisher.class).flush());
            assertTrue(again.isEmpty(), "a flush without anything new writes nothing: " + again);
        }
    }

    private static final java.util.Set<String> EMF_UNITS = java.util.Set.of("Seconds", "Microseconds", "Milliseconds",
            "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits",
            "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second",
            "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
            "Terabits/Second", "Count/Second", "None");

    /**
     * The structure the CloudWatch embedded metric format specification requires of a line: {@code _aws.Timestamp}
     * (epoch milliseconds) and {@code _aws.CloudWatchMetrics[]} directives, each with a {@code Namespace}, dimension
     * sets of at most 30 names each naming a string member of the root, and at most 100 metric definitions each
     * naming a numeric member (or array of at most 100 numbers) of the root, with a valid {@code Unit} if any.
     */
    static void assertEmfSpecification(JsonNode line) {
        JsonNode aws = line.get("_aws");
        assertTrue(aws != null && aws.isObject(), "no _aws object: " + line);
        assertTrue(aws.path("Timestamp").isIntegralNumber() && aws.get("Timestamp").asLong() > 1_500_000_000_000L,
                "_aws.Timestamp must be epoch milliseconds: " + line);
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertTrue(directives != null && directives.isArray() && !directives.isEmpty(), "no CloudWatchMetrics: " + line);
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("");
            assertTrue(!namespace.isEmpty() && namespace.length() <= 255, "Namespace: " + line);
            JsonNode dimensionSets = directive.get("Dimensions");
            assertTrue(dimensionSets != null && dimensionSets.isArray(), "Dimensions must be an array: " + line);
            for (JsonNode set : dimensionSets) {
                assertTrue(set.isArray() && set.size() <= 30, "a dimension set has at most 30 names: " + line);
                for (JsonNode name : set) {
                    assertTrue(line.path(name.asText()).isTextual(),
                            "dimension " + name + " must be a string member of the root: " + line);
                }
            }
            JsonNode metrics = directive.get("Metrics");
            assertTrue(metrics != null && metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100,
                    "Metrics: 1 to 100 definitions: " + line);
            for (JsonNode metric : metrics) {
                String name = metric.path("Name").asText("");
                assertTrue(!name.isEmpty() && name.length() <= 255, "metric Name: " + line);
                JsonNode value = line.get(name);
                assertTrue(value != null && (value.isNumber() || value.isArray() && value.size() <= 100
                        && java.util.stream.StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isNumber)),
                        "metric " + name + " must be a number (or numbers) at the root: " + line);
                if (metric.has("Unit")) {
                    assertTrue(EMF_UNITS.contains(metric.get("Unit").asText()), "Unit of " + name + ": " + line);
                }
            }
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
