package io.sheetflow.file;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A multipart upload is written to disk once: into its spool file under {@code work/uploads}, never into a buffer
 * file of the server's multipart decoder ({@code FUp_*.tmp}). The decoder's file location is pointed at a directory
 * of this test, so that files other processes make in the shared temp dir cannot blur the result.
 */
@MicronautTest
class SingleSpoolUploadTest extends ServerTest {
    private static final long SIZE = 100L * 1024 * 1024; // the default upload limit, exactly
    private final Path decoderDir = dataDir.resolve("decoder-tmp");
    private final Path spoolDir = dataDir.resolve("work").resolve("uploads");
    private final Path leftover = createLeftover();

    private Path createLeftover() {
        try {
            Files.createDirectories(decoderDir);
            Files.createDirectories(spoolDir);
            return Files.writeString(spoolDir.resolve("upload-4242.part"), "left by a process that died mid-upload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.server.multipart.location", decoderDir.toString());
    }

    @Test
    void aLeftoverSpoolFile_isRemovedAtStart() {
        assertFalse(Files.exists(leftover), "the server removed the spool file an earlier process left");
    }

    @Test
    void a100MbMultipartUpload_leavesAtMostOneSpoolFileAtAnyTime() throws Exception {
        String chat = api().createChat();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger maxSpool = new AtomicInteger();
        AtomicInteger spoolSightings = new AtomicInteger();
        AtomicReference<String> decoderFile = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                int spool = count(spoolDir, "upload-*");
                if (spool > 0) {
                    spoolSightings.incrementAndGet();
                }
                maxSpool.accumulateAndGet(spool, Math::max);
                if (count(decoderDir, "FUp_*") > 0) {
                    decoderFile.compareAndSet(null, "FUp_ file in the decoder's location");
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "spool-watcher");
        watcher.setDaemon(true);
        watcher.start();
        // Halfway through, the body holds still until the watcher has seen the spool file, however fast the machine.
        GeneratedCsv csv = new GeneratedCsv(SIZE, () -> await().atMost(Duration.ofSeconds(60)).until(() -> spoolSightings.get() > 0));
        Answer answer;
        try {
            answer = api().upload(chat, "file", "big.csv", () -> csv);
        } finally {
            done.set(true);
            watcher.join();
        }
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals(1, maxSpool.get(), "one spool file at a time");
        assertNull(decoderFile.get(), "the multipart decoder wrote no buffer file");
        assertEquals(0, count(decoderDir, "*"), "nothing in the decoder's location");
        assertEquals(0, count(spoolDir, "*"), "the spool file is gone after the answer");
        assertEquals(SIZE, answer.data().get("size").asLong());
        assertEquals(csv.sha256(), answer.data().get("sha256").asText());
    }

    @Test
    void aStatelessOperationUpload_isParsedWithoutTheDecoder_andLeavesNothingBehind() throws Exception {
        Path statelessDir = dataDir.resolve("work").resolve("stateless");
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> decoderFile = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                if (count(decoderDir, "FUp_*") > 0) {
                    decoderFile.compareAndSet(null, "FUp_ file in the decoder's location");
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "decoder-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Answer answer;
        try {
            answer = api().postFileStream("/api/v1/csv/info", "file", "big.csv", () -> {
                try {
                    return new GeneratedCsv(20L * 1024 * 1024, () -> { });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            done.set(true);
            watcher.join();
        }
        assertEquals(200, answer.status(), answer.body().toString());
        assertNull(decoderFile.get(), "the multipart decoder wrote no buffer file");
        assertEquals(0, count(decoderDir, "*"), "nothing in the decoder's location");
        assertEquals(0, count(statelessDir, "*"), "the request's folder is gone after the answer");
    }

    @Test
    void aStatelessOperationBodyCutShort_is400_andLeavesNothingBehind() {
        Path statelessDir = dataDir.resolve("work").resolve("stateless");
        Answer answer = api().send(java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/api/v1/csv/info"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\r\n1,2")));
        assertEquals(400, answer.status(), answer.body().toString());
        assertTrue(answer.message().contains("cut short"), answer.message());
        assertEquals(0, count(statelessDir, "*"), "no request folder left");
    }

    private static int count(Path dir, String glob) {
        int n = 0;
        try (var files = Files.newDirectoryStream(dir, glob)) {
            for (Path ignored : files) {
                n++;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    /** {@code size} bytes of CSV made as they are read (never held in memory), hashed on the way. */
    private static final class GeneratedCsv extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long produced;
        private byte[] line = "id,name,score\n".getBytes(StandardCharsets.US_ASCII);
        private int linePos;
        private long row;
        private Runnable atHalf;

        /** {@code atHalf} runs once, on the read that reaches half of {@code size}. */
        GeneratedCsv(long size, Runnable atHalf) throws Exception {
            this.size = size;
            this.atHalf = atHalf;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= size) {
                return -1;
            }
            if (atHalf != null && produced >= size / 2) {
                atHalf.run();
                atHalf = null;
            }
            int n = 0;
            while (n < len && produced < size) {
                if (linePos == line.length) {
                    row++;
                    line = (row + ",name" + (row * 7919 % 100_000) + "," + (row % 1000) + "\n").getBytes(StandardCharsets.US_ASCII);
                    linePos = 0;
                }
                int chunk = (int) Math.min(Math.min(len - n, line.length - linePos), size - produced);
                System.arraycopy(line, linePos, b, off + n, chunk);
                linePos += chunk;
                n += chunk;
                produced += chunk;
            }
            digest.update(b, off, n);
            return n;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
