package io.sheetflow.bench;

import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2 GiB raw upload and download through a server limited to -Xmx256m, verified by SHA-256: the upload's
 * answer names the client's checksum, the whole download hashes to it, and so does a download resumed with
 * {@code Range: bytes=N-} after a first half. A 2 GiB multipart upload too, and beside them in the same run the
 * baselines: Python's http.server serving the stored object (download to a file, as ours) and the Python sink
 * taking the raw body (write + SHA-256, src/test/resources/bench/upload_sink.py). Run with
 * {@code ./mvnw -q -B -ntp -Pbenchmark test -Dtest=LargeTransferBenchmark} (needs about 8 GiB of free disk).
 */
@Tag("benchmark")
class LargeTransferBenchmark {
    private static final long FILE_BYTES = 2L * 1024 * 1024 * 1024;
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();

    @Test
    void twoGigabyteRawUploadAndDownload_withXmx256m_keepTheSha256() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-large-bench-");
        try (ServerProcess server = ServerProcess.start(dir, TOKEN,
                Map.of("SHEETFLOW_UPLOAD_MAX_BYTES", String.valueOf(FILE_BYTES + 1024 * 1024)))) {
            String loadBefore = Curl.load();
            Path file = dir.resolve("huge.csv");
            String sha = ServiceBenchmark.writeCsv(file, FILE_BYTES);
            String chat = new ApiClient(server.base(), TOKEN).createChat();
            String auth = "Authorization: Bearer " + TOKEN;
            Curl.Transfer up = Curl.uploadRaw(file, server.base() + "/api/v1/chat/workflows/" + chat
                    + "/upload?filename=huge.csv", auth);
            var answer = ApiClient.JSON.readTree(up.body()).get("data");
            assertEquals(sha, answer.get("sha256").asText());
            assertEquals(FILE_BYTES, answer.get("size").asLong());
            String url = answer.get("download_url").asText();
            String otherChat = new ApiClient(server.base(), TOKEN).createChat();
            String upload = server.base() + "/api/v1/chat/workflows/" + otherChat + "/upload";
            Curl.Transfer multipart = Curl.uploadMultipart(file, upload, auth);
            assertEquals(sha, ApiClient.JSON.readTree(multipart.body()).get("data").get("sha256").asText());
            Path sinkDir = Files.createDirectories(dir.resolve("python-sink"));
            int sinkPort = ServerProcess.freePort();
            Process sink = Curl.pythonUploadSink(sinkDir, sinkPort, dir.resolve("python-sink.log"));
            Curl.Transfer upBaseline;
            try {
                upBaseline = Curl.uploadRaw(file, "http://127.0.0.1:" + sinkPort + "/");
                assertEquals(sha, upBaseline.body().trim());
            } finally {
                Curl.stop(sink);
            }
            Curl.deleteTree(sinkDir);
            Files.delete(file);

            Path whole = dir.resolve("whole.csv");
            Curl.Transfer down = Curl.downloadTo(whole, url, auth);
            assertEquals(sha, ServiceBenchmark.sha256(whole));
            Files.delete(whole);
            Curl.Transfer downBaseline = pythonDownload(dir, whole);

            long half = FILE_BYTES / 2 + 12345;
            Path first = dir.resolve("first.part");
            Path rest = dir.resolve("rest.part");
            assertEquals(206, Curl.downloadTo(first, url, auth, "Range: bytes=0-" + (half - 1)).status());
            assertEquals(206, Curl.downloadTo(rest, url, auth, "Range: bytes=" + half + "-").status());
            try (var out = Files.newOutputStream(first, StandardOpenOption.APPEND)) {
                Files.copy(rest, out);
            }
            assertEquals(sha, ServiceBenchmark.sha256(first));
            long rss = server.peakRssMiB();
            assertTrue(server.isAlive());
            ServiceBenchmark.report("2 GiB (load %s-%s): download to a file %.0f MB/s beside"
                            + " python http.server %.0f MB/s; raw upload %.0f MB/s beside the python sink %.0f MB/s;"
                            + " multipart upload %.0f MB/s; resumed download in two ranges; SHA-256 verified for all;"
                            + " server peak RSS %d MiB with -Xmx256m", loadBefore, Curl.load(), down.mibPerSecond(),
                    downBaseline.mibPerSecond(), up.mibPerSecond(), upBaseline.mibPerSecond(),
                    multipart.mibPerSecond(), rss);
        } finally {
            Curl.deleteTree(dir);
        }
    }

    /** The stored object served by Python's http.server, downloaded to {@code target} (then deleted). */
    private static Curl.Transfer pythonDownload(Path dir, Path target) throws Exception {
        Path object;
        try (var walk = Files.walk(dir.resolve("data").resolve("objects"))) {
            object = walk.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) == FILE_BYTES;
                } catch (java.io.IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
        int port = ServerProcess.freePort();
        Process python = Curl.pythonFileServer(object.getParent(), port, dir.resolve("python.log"));
        try {
            return Curl.downloadTo(target, "http://127.0.0.1:" + port + "/" + object.getFileName());
        } finally {
            Curl.stop(python);
            Files.deleteIfExists(target);
        }
    }
}
