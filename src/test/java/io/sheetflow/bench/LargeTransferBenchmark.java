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
 * {@code Range: bytes=N-} after a first half. Run with
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
            Files.delete(file);

            Path whole = dir.resolve("whole.csv");
            Curl.Transfer down = Curl.downloadTo(whole, url, auth);
            assertEquals(sha, ServiceBenchmark.sha256(whole));
            Files.delete(whole);

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
            ServiceBenchmark.report("2 GiB (load %s): raw upload %.0f MB/s, download %.0f MB/s, resumed download in two"
                            + " ranges: SHA-256 verified all three; server peak RSS %d MiB with -Xmx256m",
                    Curl.load(), up.mibPerSecond(), down.mibPerSecond(), rss);
        } finally {
            Curl.deleteTree(dir);
        }
    }
}
