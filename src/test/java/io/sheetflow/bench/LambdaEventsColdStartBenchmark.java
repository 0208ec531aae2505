package io.sheetflow.bench;

import io.sheetflow.support.ElasticMq;
import io.sheetflow.support.ManagementApiStandIn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Cold and warm times of the Lambda handlers, in-process in fresh JVMs (no SnapStart, no Lambda runtime):
 * {@code ./mvnw -B -ntp -Pbenchmark test -Dtest=LambdaEventsColdStartBenchmark}. Each handler is started once on an empty
 * database, then three more times cold, each in its own JVM ({@code -Xmx1g}, an H2 file database, SQS on ElasticMQ,
 * the management API stand-in); figures are printed
 * as {@code [benchmark]} lines and written to {@code target/benchmark-results.txt}, never asserted.
 */
@Tag("benchmark")
class LambdaEventsColdStartBenchmark {
    private static final int COLD_STARTS = 3;

    @Test
    void coldInitAndWarmRequests_ofTheWebSocketAndWorkerFunctions() throws Exception {
        try (ManagementApiStandIn managementApi = new ManagementApiStandIn()) {
            for (String function : List.of("websocket", "worker")) {
                // The first start creates the database (Flyway runs every migration); the others find it migrated,
                // as functions do on a deployed stack.
                Path dataDir = Files.createTempDirectory("sheetflow-lambda-bench-").resolve("data");
                probe(function, managementApi, dataDir).forEach((name, value) -> ServiceBenchmark.report(
                        "lambda %-9s %-22s %8.1f  (first start: empty database, migrations run)", function, name, value));
                Map<String, List<Double>> results = new LinkedHashMap<>();
                for (int i = 0; i < COLD_STARTS; i++) {
                    probe(function, managementApi, dataDir)
                            .forEach((k, v) -> results.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                }
                results.forEach((name, values) -> ServiceBenchmark.report("lambda %-9s %-22s median %8.1f  (cold starts: %s)",
                        function, name, median(values), values));
            }
        } finally {
            ServiceBenchmark.printReport();
        }
    }

    private static Map<String, Double> probe(String function, ManagementApiStandIn managementApi, Path dataDir)
            throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-lambda-probe-");
        String queueUrl = ElasticMq.newQueue();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC",
                "-Dsheetflow.data-dir=" + dataDir,
                "-Dsheetflow.auth.token=sft_bench_" + UUID.randomUUID(),
                "-Dsheetflow.public-url=https://api.example.test",
                "-Dsheetflow.websocket.management-endpoint=" + managementApi.endpoint()));
        ElasticMq.queueProperties(queueUrl).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LambdaEventsColdStartProbe.class.getName(), function));
        Path log = dir.resolve("probe.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("probe " + function + " failed:\n" + Files.readString(log));
        }
        Map<String, Double> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("RESULT ")) {
                String[] parts = line.split(" ");
                results.put(parts[1], Double.parseDouble(parts[2]));
            }
        }
        return results;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
