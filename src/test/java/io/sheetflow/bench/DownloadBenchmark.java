package io.sheetflow.bench;

import io.sheetflow.support.ServerProcess;
import io.sheetflow.support.ApiClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Download MB/s of a 200 MB file with curl to /dev/null: Sheetflow (separate JVM, -Xmx256m, filesystem store)
 * beside Python's {@code http.server} serving the same object file from the same disk, alternated in one run;
 * plus a ranged download of the middle 100 MB. Run with
 * {@code ./mvnw -q -B -ntp -Pbenchmark test -Dtest=DownloadBenchmark}. Prints figures, asserts only status codes.
 */
@Tag("benchmark")
class DownloadBenchmark {
    private static final long FILE_BYTES = 200L * 1024 * 1024;
    private static final int ROUNDS = 3;
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();

    @Test
    void download200Mb_besidePythonHttpServer() throws Exception {
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
            Process python = new ProcessBuilder("python3", "-m", "http.server", String.valueOf(port), "--bind",
                    "127.0.0.1", "--directory", object.getParent().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("python.log").toFile()).start();
            try {
                awaitPort(port, python);
                String pythonUrl = "http://127.0.0.1:" + port + "/" + object.getFileName();
                List<Double> ours = new ArrayList<>();
                List<Double> theirs = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    ours.add(curl(url, "Authorization: Bearer " + TOKEN));
                    theirs.add(curl(pythonUrl));
                }
                double ranged = curl(url, "Authorization: Bearer " + TOKEN, "Range: bytes=52428800-157286399");
                ServiceBenchmark.report("download 200 MB (curl, %d rounds): sheetflow %s MB/s; python http.server %s MB/s",
                        ROUNDS, format(ours), format(theirs));
                ServiceBenchmark.report("download 100 MB range (curl): sheetflow %.0f MB/s", ranged);
            } finally {
                python.destroy();
                python.waitFor();
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** curl to /dev/null; returns MB/s (MiB), checking the status code. */
    private static double curl(String url, String... headers) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w",
                "%{http_code} %{size_download} %{time_total}"));
        for (String h : headers) {
            command.add("-H");
            command.add(h);
        }
        command.add(url);
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, curl.waitFor(), out);
        String[] parts = out.split(" ");
        String status = parts[0];
        if (!status.equals("200") && !status.equals("206")) {
            throw new AssertionError("curl " + url + ": " + out);
        }
        return Double.parseDouble(parts[1]) / (1024 * 1024) / Double.parseDouble(parts[2]);
    }

    private static String format(List<Double> figures) {
        return figures.stream().map(f -> String.format("%.0f", f)).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static void awaitPort(int port, Process process) throws Exception {
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("python http.server exited");
                }
                Thread.sleep(20);
            }
        }
    }
}
