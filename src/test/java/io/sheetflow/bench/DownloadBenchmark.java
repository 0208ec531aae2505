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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Download MB/s of a 500 MB file with curl to /dev/null: Sheetflow (separate JVM, -Xmx256m, filesystem store,
 * zero-copy file regions) beside Python's {@code http.server} serving the same object file from the same disk,
 * alternated in one run; plus a ranged download of the middle 200 MB. Run with
 * {@code ./mvnw -q -B -ntp -Pbenchmark test -Dtest=DownloadBenchmark}. Prints figures, asserts only status codes.
 */
@Tag("benchmark")
class DownloadBenchmark {
    private static final long FILE_BYTES = 500L * 1024 * 1024;
    private static final int ROUNDS = 5;
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();

    @Test
    void download500Mb_besidePythonHttpServer() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-download-bench-");
        try (ServerProcess server = ServerProcess.start(dir, TOKEN,
                Map.of("SHEETFLOW_UPLOAD_MAX_BYTES", String.valueOf(FILE_BYTES + 1024 * 1024)))) {
            Path file = dir.resolve("big.csv");
            ServiceBenchmark.writeCsv(file, FILE_BYTES);
            ApiClient api = new ApiClient(server.base(), TOKEN);
            String chat = api.createChat();
            ApiClient.Answer raw = api.uploadRaw(chat, "big.csv", file);
            assertEquals(200, raw.status(), raw.body().toString());
            String url = raw.data().get("download_url").asText();
            Path object;
            try (var walk = Files.walk(dir.resolve("data").resolve("objects"))) {
                object = walk.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            int port = ServerProcess.freePort();
            Process python = Curl.pythonFileServer(object.getParent(), port, dir.resolve("python.log"));
            try {
                String pythonUrl = "http://127.0.0.1:" + port + "/" + object.getFileName();
                String auth = "Authorization: Bearer " + TOKEN;
                List<Double> ours = new ArrayList<>();
                List<Double> theirs = new ArrayList<>();
                String loadBefore = Curl.load();
                for (int i = 0; i < ROUNDS; i++) {
                    ours.add(Curl.download(url, auth).mibPerSecond());
                    theirs.add(Curl.download(pythonUrl).mibPerSecond());
                }
                double ranged = Curl.download(url, auth, "Range: bytes=157286400-366001599").mibPerSecond();
                double rangedPython = Curl.download(pythonUrl, "Range: bytes=157286400-366001599").mibPerSecond();
                ServiceBenchmark.report("download 500 MB (curl, %d rounds, load %s-%s): sheetflow %s MB/s (median %.0f);"
                                + " python http.server %s MB/s (median %.0f); ratio %.2f", ROUNDS, loadBefore,
                        Curl.load(), Curl.format(ours), Curl.median(ours), Curl.format(theirs), Curl.median(theirs),
                        Curl.median(ours) / Curl.median(theirs));
                ServiceBenchmark.report("download 200 MB range (curl): sheetflow %.0f MB/s; python http.server %.0f MB/s",
                        ranged, rangedPython);
            } finally {
                Curl.stop(python);
            }
        } finally {
            Curl.deleteTree(dir);
        }
    }
}
