package io.sheetflow.bench;

import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Upload MB/s of a 300 MB CSV with curl: raw body and multipart into Sheetflow (separate JVM, -Xmx256m,
 * filesystem store: spool file, SHA-256, content check, row) beside a Python http.server handler doing the same
 * streaming write + SHA-256 of a POSTed body, alternated in one run; the server's peak RSS after them. Run with
 * {@code ./mvnw -q -B -ntp -Pbenchmark test -Dtest=UploadBenchmark}. Prints figures, asserts only status codes.
 */
@Tag("benchmark")
class UploadBenchmark {
    private static final long FILE_BYTES = 300L * 1024 * 1024;
    private static final int ROUNDS = 4;
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();

    @Test
    void upload300Mb_rawAndMultipart_besidePythonHttpServer() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-upload-bench-");
        try (ServerProcess server = ServerProcess.start(dir, TOKEN,
                Map.of("SHEETFLOW_UPLOAD_MAX_BYTES", String.valueOf(FILE_BYTES + 1024 * 1024)))) {
            Path file = dir.resolve("big.csv");
            ServiceBenchmark.writeCsv(file, FILE_BYTES);
            ApiClient api = new ApiClient(server.base(), TOKEN);
            String chat = api.createChat();
            String upload = server.base() + "/api/v1/chat/workflows/" + chat + "/upload";
            String auth = "Authorization: Bearer " + TOKEN;
            Path sinkDir = Files.createDirectories(dir.resolve("python"));
            int port = ServerProcess.freePort();
            Process python = Curl.pythonUploadSink(sinkDir, port, dir.resolve("python.log"));
            try {
                String pythonUrl = "http://127.0.0.1:" + port + "/";
                List<Double> raw = new ArrayList<>();
                List<Double> multipart = new ArrayList<>();
                List<Double> baseline = new ArrayList<>();
                String loadBefore = Curl.load();
                for (int i = 0; i < ROUNDS; i++) {
                    raw.add(Curl.uploadRaw(file, upload + "?filename=big.csv", auth).mibPerSecond());
                    multipart.add(Curl.uploadMultipart(file, upload, auth).mibPerSecond());
                    baseline.add(Curl.uploadRaw(file, pythonUrl).mibPerSecond());
                }
                ServiceBenchmark.report("upload 300 MB (curl, %d rounds, load %s-%s): sheetflow raw %s MB/s (median %.0f);"
                                + " multipart %s MB/s (median %.0f); python http.server sink %s MB/s (median %.0f);"
                                + " server peak RSS %d MiB (-Xmx256m)", ROUNDS, loadBefore, Curl.load(),
                        Curl.format(raw), Curl.median(raw), Curl.format(multipart), Curl.median(multipart),
                        Curl.format(baseline), Curl.median(baseline), server.peakRssMiB());
            } finally {
                Curl.stop(python);
            }
        } finally {
            Curl.deleteTree(dir);
        }
    }
}
