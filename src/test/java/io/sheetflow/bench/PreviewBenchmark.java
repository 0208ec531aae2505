package io.sheetflow.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.support.ApiClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The workflow preview on the reference workload: 100 rows of a 3-step workflow (csv/search, normalization/apply,
 * excel/extract-columns-to-file) on the 1M-row CSV, 30 calls over real HTTP after 3 warm-up calls, p50/p95. The
 * baselines in the same run: reading the whole CSV once (in process, what a preview without a bounded sample would
 * at least cost) and the same workflow executed in full ({@code execute?wait=}). Prints figures, asserts nothing
 * about time:
 * <pre>
 * ./mvnw -q -B -ntp -Pbenchmark test -Dtest=PreviewBenchmark
 * </pre>
 */
@Tag("benchmark")
class PreviewBenchmark {
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();
    private static final int ROWS = 1_000_000;
    private static final int WARMUP = 3;
    private static final int CALLS = 30;
    private static final String STEPS = """
            [{"operation": "csv/search", "arguments": {"conditions": [{"column": "status", "operator": "equals",
              "value": "active"}], "output_format": "csv"}},
             {"operation": "normalization/apply", "arguments": {"normalizations":
              [{"column_name": "email", "normalization_type": "lowercase"}]}},
             {"operation": "excel/extract-columns-to-file", "arguments": {"columns": ["first_name", "email", "score"]}}]""";

    @Test
    void previewOf100Rows_ofAThreeStepWorkflow_onA1MRowCsv() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-preview-bench-");
        Path csv = WorkloadGenerator.writeCsv(dir.resolve("bench_1m.csv"), ROWS);
        Map<String, Object> properties = Map.of("sheetflow.data-dir", dir.resolve("data").toString(),
                "sheetflow.auth.token", TOKEN, "micronaut.server.port", -1, "micronaut.server.host", "127.0.0.1",
                "sheetflow.upload.max-bytes", 1L << 30);
        try (ApplicationContext context = ApplicationContext.run(properties, "benchmark")) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            ApiClient api = new ApiClient(server.getURI(), TOKEN);
            String chat = api.createChat();
            ApiClient.Answer uploaded = api.uploadRaw(chat, "bench_1m.csv", csv);
            assertEquals(200, uploaded.status(), uploaded.body().toString());
            System.out.printf(Locale.ROOT, "input: %,d rows, %,d bytes; %d processors, max heap %d MB%n", ROWS,
                    Files.size(csv), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

            String path = "/api/v1/chat/workflows/" + chat;
            String preview = "{\"steps\": " + STEPS + ", \"input_file\": \"bench_1m.csv\", \"rows\": 100}";
            long[] millis = new long[CALLS];
            for (int i = -WARMUP; i < CALLS; i++) {
                long started = System.nanoTime();
                ApiClient.Answer answer = api.post(path + "/preview", preview);
                long took = (System.nanoTime() - started) / 1_000_000;
                assertEquals(200, answer.status(), answer.body().toString());
                if (i >= 0) {
                    millis[i] = took;
                } else if (i == -WARMUP) {
                    System.out.printf(Locale.ROOT, "first preview (cold): %d ms, final summary %s%n", took,
                            answer.data().get("summary"));
                }
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "preview, 100 rows, 3 steps, %d calls: p50 %d ms, p95 %d ms, max %d ms%n",
                    CALLS, millis[CALLS / 2], millis[(int) Math.ceil(CALLS * 0.95) - 1], millis[CALLS - 1]);

            long readStarted = System.nanoTime();
            long rows = 0;
            try (TableReader reader = TableReaders.open(csv, SheetFormat.CSV, null)) {
                while (reader.nextRow() != null) {
                    rows++;
                }
            }
            System.out.printf(Locale.ROOT, "baseline: reading the whole CSV in process (%,d rows): %d ms%n", rows,
                    (System.nanoTime() - readStarted) / 1_000_000);

            long runStarted = System.nanoTime();
            ApiClient.Answer run = api.post(path + "/execute?wait=300",
                    "{\"steps\": " + STEPS + ", \"input_file\": \"bench_1m.csv\"}");
            System.out.printf(Locale.ROOT, "baseline: the same workflow executed in full: %d ms (status %s)%n",
                    (System.nanoTime() - runStarted) / 1_000_000, run.data().get("status").asText());
        }
    }
}
