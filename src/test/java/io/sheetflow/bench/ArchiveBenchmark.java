package io.sheetflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A conversation with 1 GiB of files (eight 128 MiB CSVs of varied rows) dumped ({@code GET .../dump}, the zip
 * streamed to disk) and restored ({@code POST /restore}, the zip as the raw body) through a server limited to
 * {@code -Xmx256m}: MB/s and the server's peak heap (the largest heap in use before any collection, from its GC
 * log) of each phase, beside the same run's baselines: the raw uploads and downloads of the same bytes through the
 * same server, and {@code tar} (plain and gzip, the format of Pycelize's dumps) of the same stored files. The restored files are checked by SHA-256. Run with
 * {@code ./mvnw -q -B -ntp -Pbenchmark test -Dtest=ArchiveBenchmark} (needs about 5 GiB of free disk).
 */
@Tag("benchmark")
class ArchiveBenchmark {
    private static final int FILES = 8;
    private static final long FILE_BYTES = 128L * 1024 * 1024;
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @Test
    void oneGigabyteConversation_dumpsAndRestores_withAFlatHeap() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-archive-bench-");
        Path gcLog = dir.resolve("gc.log");
        try (ServerProcess server = ServerProcess.start(dir, TOKEN,
                Map.of("SHEETFLOW_UPLOAD_MAX_BYTES", String.valueOf(FILE_BYTES + 1024 * 1024)),
                List.of("-Xlog:gc:file=" + gcLog))) {
            String auth = "Authorization: Bearer " + TOKEN;
            ApiClient api = new ApiClient(server.base(), TOKEN);
            String chat = api.createChat();
            String chats = server.base() + "/api/v1/chat/workflows/";

            Map<String, String> shaByName = new HashMap<>();
            List<String> urls = new ArrayList<>();
            double uploadSeconds = 0;
            for (int i = 0; i < FILES; i++) {
                Path file = dir.resolve("part-" + i + ".csv");
                shaByName.put(file.getFileName().toString(), writeRows(file, FILE_BYTES, i));
                Curl.Transfer up = Curl.uploadRaw(file, chats + chat + "/upload?filename=" + file.getFileName(), auth);
                uploadSeconds += up.seconds();
                urls.add(ApiClient.JSON.readTree(up.body()).get("data").get("download_url").asText());
                Files.delete(file);
            }
            long total = FILES * FILE_BYTES;
            int afterUploads = gcLines(gcLog);

            double downloadSeconds = 0;
            for (String url : urls) {
                downloadSeconds += Curl.download(url, auth).seconds();
            }
            int afterDownloads = gcLines(gcLog);

            double tarSeconds = tar(dir, "-cf");
            double tarGzSeconds = tar(dir, "-czf");

            Path archive = dir.resolve("dump.zip");
            Curl.Transfer dump = Curl.downloadTo(archive, chats + chat + "/dump", auth);
            int afterDump = gcLines(gcLog);
            long archiveBytes = Files.size(archive);

            Curl.Transfer restore = Curl.uploadRaw(archive, chats + "restore", auth);
            int afterRestore = gcLines(gcLog);
            assertEquals(201, restore.status(), restore.body());
            JsonNode restored = ApiClient.JSON.readTree(restore.body()).get("data");
            int checked = 0;
            for (JsonNode file : restored.get("files")) {
                String expected = shaByName.get(file.get("filename").asText());
                if (expected != null) {
                    assertEquals(expected, file.get("sha256").asText(), file.toString());
                    checked++;
                }
            }
            assertEquals(FILES, checked, "every file restored with its SHA-256: " + restored.get("files"));
            assertTrue(server.isAlive());
            long heapAfterGc = server.heapUsedAfterGcMiB();

            List<long[]> pauses = gcPauses(gcLog);
            ServiceBenchmark.report("archive of 1 GiB (%d files of %d MiB, load %s), server -Xmx256m (heap committed"
                            + " at most %d MiB; %d MiB in use after a full GC at the end), peak heap in use per phase"
                            + " from its GC log:", FILES, FILE_BYTES >> 20, Curl.load(), maxCommitted(pauses),
                    heapAfterGc);
            ServiceBenchmark.report("  baseline raw upload of the same files   %6.0f MB/s, peak heap %4s MiB",
                    mib(total) / uploadSeconds, peak(pauses, 0, afterUploads));
            ServiceBenchmark.report("  baseline raw download of the same files %6.0f MB/s, peak heap %4s MiB",
                    mib(total) / downloadSeconds, peak(pauses, afterUploads, afterDownloads));
            ServiceBenchmark.report("  baseline tar of the stored files        %6.0f MB/s (no server)", mib(total) / tarSeconds);
            ServiceBenchmark.report("  baseline tar -z (gzip, Pycelize's dump) %6.0f MB/s (no server)", mib(total) / tarGzSeconds);
            ServiceBenchmark.report("  dump (zip streamed, %d MiB archive)     %6.0f MB/s of files, peak heap %4s MiB",
                    archiveBytes >> 20, mib(total) / dump.seconds(), peak(pauses, afterDownloads, afterDump));
            ServiceBenchmark.report("  restore (zip as raw body, verified)     %6.0f MB/s of files, peak heap %4s MiB;"
                    + " server peak RSS %d MiB", mib(total) / restore.seconds(), peak(pauses, afterDump, afterRestore),
                    server.peakRssMiB());
        } finally {
            Curl.deleteTree(dir);
        }
    }

    /** Seconds {@code tar <flags>} takes over the server's stored files (its object directory), written to disk. */
    private static double tar(Path dir, String flags) throws Exception {
        Path target = dir.resolve("objects.tar");
        long start = System.nanoTime();
        Process tar = new ProcessBuilder("tar", flags, target.toString(), "-C", dir.resolve("data").toString(),
                "objects").redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), out);
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(target);
        return seconds;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** CSV rows with varied values (compressing about as real exports do, far below the zip-bomb ratio). */
    private static String writeRows(Path file, long bytes, int seed) throws Exception {
        String[] first = {"Alice", "Bob", "Carla", "Dmitri", "Emeka", "Fatima", "Goran", "Hana", "Ivan", "Jia"};
        String[] city = {"Springfield", "Lagos", "Osaka", "Lima", "Oslo", "Pune", "Quito", "Riga"};
        String[] status = {"active", "inactive", "pending", "banned"};
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        StringBuilder row = new StringBuilder(128);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long written = 0;
            for (long id = 1; written < bytes; id++) {
                row.setLength(0);
                String name = first[random.nextInt(first.length)];
                row.append(id).append(',').append(name).append(',').append(name.toLowerCase())
                        .append(random.nextInt(100_000)).append("@example.com,").append(18 + random.nextInt(73))
                        .append(',').append(city[random.nextInt(city.length)]).append(",20")
                        .append(10 + random.nextInt(15)).append('-').append(1 + random.nextInt(12)).append('-')
                        .append(1 + random.nextInt(28)).append(',').append(random.nextInt(100_000)).append(',')
                        .append(status[random.nextInt(status.length)]).append('\n');
                byte[] line = row.toString().getBytes(StandardCharsets.US_ASCII);
                int n = (int) Math.min(line.length, bytes - written);
                out.write(line, 0, n);
                sha.update(line, 0, n);
                written += n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static int gcLines(Path gcLog) throws Exception {
        return gcPauses(gcLog).size();
    }

    /** Each collection's heap before, after and committed (MiB), in order. */
    private static List<long[]> gcPauses(Path gcLog) throws Exception {
        List<long[]> pauses = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                pauses.add(new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
        }
        return pauses;
    }

    /** The largest heap in use before a collection in the phase, or "-" when nothing was collected in it. */
    private static String peak(List<long[]> pauses, int from, int to) {
        long peak = -1;
        for (int i = from; i < Math.min(to, pauses.size()); i++) {
            peak = Math.max(peak, pauses.get(i)[0]);
        }
        return peak < 0 ? "-" : String.valueOf(peak);
    }

    private static long maxCommitted(List<long[]> pauses) {
        return pauses.stream().mapToLong(p -> p[2]).max().orElse(0);
    }
}
