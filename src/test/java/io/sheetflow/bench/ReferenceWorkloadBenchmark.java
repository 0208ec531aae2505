package io.sheetflow.bench;

import io.sheetflow.support.ServerProcess;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ApiClient.Part;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pycelize's own benchmark (docs/benchmarks.md), measured the way it was: through the
 * REST API, the whole request timed (upload, processing, response), median of 3, the server's peak RSS; the
 * server runs as its own JVM with {@code -Xmx256m}. Run with {@code ./mvnw -Pbenchmark test
 * -Dtest=ReferenceWorkloadBenchmark}. Prints figures; asserts only that each answer is right.
 */
@Tag("benchmark")
class ReferenceWorkloadBenchmark {
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();
    private static final int RUNS = 3;

    @Test
    void referenceOperations_wholeRequest_onA256MbServer() throws Exception {
        Path data = Files.createDirectories(Path.of("target", "benchmark-data"));
        Path xlsx = data.resolve("bench_100k.xlsx");
        Path csv = data.resolve("bench_1m.csv");
        if (!Files.exists(xlsx)) {
            WorkloadGenerator.writeXlsx(xlsx, 100_000);
        }
        if (!Files.exists(csv)) {
            WorkloadGenerator.writeCsv(csv, 1_000_000);
        }
        Path dir = Files.createTempDirectory("sheetflow-bench-reference-");
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, Map.of())) {
            ApiClient api = new ApiClient(server.base(), TOKEN);
            Part workbook = Part.file("file", xlsx);
            measure(server, "excel info, bench_100k.xlsx (reference 20.2 s, 207 MiB)", () ->
                    api.postForm("/api/v1/excel/info", workbook), answer ->
                    assertEquals(100_000, answer.data().get("rows").asInt()));
            measure(server, "extract id,email,signup_date to file (reference 19.0-21.3 s, 251 MiB)", () ->
                    api.postForm("/api/v1/excel/extract-columns-to-file", workbook,
                            Part.field("columns", "[\"id\", \"email\", \"signup_date\"]")), answer ->
                    assertTrue(answer.data().get("download_url").asText().contains("/files/downloads/")));
            measure(server, "normalization, 3 columns (reference 26.9-33.6 s, 556 MiB)", () ->
                    api.postForm("/api/v1/normalization/apply", workbook, Part.field("normalizations", """
                            [{"column_name": "first_name", "normalization_type": "trim_whitespace"},
                             {"column_name": "email", "normalization_type": "lowercase"},
                             {"column_name": "last_name", "normalization_type": "title_case"}]""")), answer ->
                    assertTrue(answer.data().has("download_url")));
            Part bigCsv = Part.file("file", csv);
            measure(server, "CSV to Excel, bench_1m.csv (reference 119-128 s, 3.32 GiB)", () ->
                    api.postForm("/api/v1/csv/convert-to-excel", bigCsv), answer ->
                    assertEquals(1_000_000, answer.data().get("rows").asInt(), answer.data().toString()));
            assertTrue(server.isAlive(), "no OutOfMemoryError");
        } finally {
            ServiceBenchmark.printReport();
        }
    }

    private static void measure(ServerProcess server, String name, Supplier<Answer> request,
                                java.util.function.Consumer<Answer> check) {
        List<Long> millis = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            Answer answer = request.get();
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertEquals(200, answer.status(), answer.body().toString());
            check.accept(answer);
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        ServiceBenchmark.report("%s: median %.2f s (runs %s ms), server peak RSS so far %d MiB", name,
                sorted.get(RUNS / 2) / 1000.0, millis, server.peakRssMiB());
    }
}
