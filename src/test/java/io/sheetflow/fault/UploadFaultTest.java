package io.sheetflow.fault;

import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.sheetflow.fault.FaultChecks.regularFiles;
import static io.sheetflow.fault.FaultChecks.regularFilesIn;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads that never finish: the server is killed in the middle of a 200 MB upload, and clients disconnect
 * half-way or declare more bytes than they send and stall. Nothing of them may be stored or left on disk.
 */
@Tag("fault")
class UploadFaultTest {
    private static final String TOKEN = "sft_fault_" + UUID.randomUUID();
    private static final String BOUNDARY = "sheetflowfault";
    private static final long BIG = 200L * 1024 * 1024;

    @Test
    void kill9DuringA200MbMultipartOrRawUpload_leavesNoRowNoObjectAndNoSpoolAfterTheRestart() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-bigupload-");
        Map<String, String> env = environment(dir, Map.of("SHEETFLOW_UPLOAD_MAX_BYTES", String.valueOf(BIG + (1 << 20))));
        Path data = dir.resolve("data");
        String chat = null;
        List<String> checked = new ArrayList<>();
        for (boolean multipart : new boolean[] {true, false}) {
            try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
                ApiClient api = new ApiClient(server.base(), TOKEN);
                if (chat == null) {
                    chat = api.createChat();
                }
                String target = chat;
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendUpload(server.base(), target, multipart, BIG, BIG));
                // Gate: the server is spooling the upload (32 MB of it on disk), then kill it.
                await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> largestFile(data.resolve("work")) > 32L * 1024 * 1024);
                server.kill9();
                sending.handle((ok, error) -> null).join();
            }
            try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
                ApiClient api = new ApiClient(server.base(), TOKEN);
                assertNothingStored(api, chat, data, dir);
                checked.add(multipart ? "multipart" : "raw");
            }
        }
        System.out.println("[fault] kill -9 during a 200 MB upload (" + String.join(", ", checked) + "), each gated on "
                + "32 MB spooled: after each restart 0 file rows, 0 objects, 0 spool or decoder temp files");
    }

    @Test
    void clientsThatDisconnectOrStallMidUpload_storeNothing_andLeaveThreadsAndMemoryFlat() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-stall-");
        Map<String, String> env = environment(dir, Map.of("MICRONAUT_SERVER_READ_IDLE_TIMEOUT", "2s",
                "MICRONAUT_SERVER_IDLE_TIMEOUT", "2s"));
        Path data = dir.resolve("data");
        int repetitions = 50;
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
            ApiClient api = new ApiClient(server.base(), TOKEN);
            String chat = api.createChat();
            // Warm-up: more requests than the blocking pool's 64 threads, which it creates on demand and keeps.
            round(server, chat, 20);
            awaitSpoolEmpty(data);
            long threadsBefore = server.threads();
            long heapBefore = server.heapUsedAfterGcMiB();
            round(server, chat, repetitions);
            awaitSpoolEmpty(data);
            await().atMost(Duration.ofMinutes(1)).until(() -> server.threads() <= threadsBefore + 4);
            long threadsAfter = server.threads();
            long heapAfter = server.heapUsedAfterGcMiB();
            assertTrue(heapAfter <= heapBefore + 24, "heap after GC " + heapBefore + " -> " + heapAfter + " MiB");
            assertNothingStored(api, chat, data, dir);
            assertEquals(200, api.get("/api/v1/health/ready").status());
            assertEquals(200, api.upload(chat, "after.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)).status(),
                    "a whole upload is stored afterwards");
            System.out.println("[fault] " + repetitions + " x 4 broken uploads (multipart and raw, disconnected half-way "
                    + "and stalled after declaring 1 MB more than sent, read idle timeout 2 s): 0 rows, 0 objects, 0 spool "
                    + "files; threads " + threadsBefore + " -> " + threadsAfter + ", heap after GC " + heapBefore + " -> "
                    + heapAfter + " MiB; a whole upload then stored");
        }
    }

    /** {@code count} times each: multipart and raw, cut off half-way and stalled; stalls wait for the server to hang up. */
    private static void round(ServerProcess server, String chat, int count) {
        List<CompletableFuture<Void>> stalls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (boolean multipart : new boolean[] {true, false}) {
                sendUpload(server.base(), chat, multipart, 2L << 20, 1L << 20); // disconnects after half
                stalls.add(CompletableFuture.runAsync(() -> stall(server.base(), chat, multipart)));
            }
            if (stalls.size() >= 20) {
                stalls.forEach(CompletableFuture::join);
                stalls.clear();
            }
        }
        stalls.forEach(CompletableFuture::join);
    }

    /** Declares {@code declared} bytes, sends {@code sent} of them, then closes the connection (or dies with the server). */
    private static void sendUpload(URI base, String chat, boolean multipart, long declared, long sent) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head(chat, multipart, declared).getBytes(StandardCharsets.US_ASCII));
            writeCsv(out, sent - (multipart ? partHead().length() : 0), multipart);
            out.flush();
        } catch (IOException expected) {
            // the server died or hung up: that is the scenario
        }
    }

    /** Sends 64 KB of a body declared 1 MB longer, then waits for the server to close the connection. */
    private static void stall(URI base, String chat, boolean multipart) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000); // a bound on a server that never hangs up (fails the test below)
            OutputStream out = socket.getOutputStream();
            out.write(head(chat, multipart, (64 << 10) + (1 << 20)).getBytes(StandardCharsets.US_ASCII));
            writeCsv(out, 64 << 10, multipart);
            out.flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // drain whatever the server answers until it closes
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server kept a stalled upload open for 60 s", e);
        } catch (IOException closed) {
            // reset by the server: it hung up
        }
    }

    private static String head(String chat, boolean multipart, long length) {
        String path = "/api/v1/chat/workflows/" + chat + "/upload" + (multipart ? "" : "?filename=stalled.csv");
        String type = multipart ? "multipart/form-data; boundary=" + BOUNDARY : "application/octet-stream";
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Type: "
                + type + "\r\nContent-Length: " + length + "\r\n\r\n" + (multipart ? partHead() : "");
    }

    private static String partHead() {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n";
    }

    private static void writeCsv(OutputStream out, long bytes, boolean multipart) throws IOException {
        byte[] block = new byte[64 << 10];
        byte[] line = "12345,Some Name,someone@example.com,42,2024-01-01,active\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < block.length; i++) {
            block[i] = line[i % line.length];
        }
        block[0] = 'i'; // a header-ish first byte; the content is never stored anyway
        long left = bytes;
        while (left > 0) {
            int n = (int) Math.min(block.length, left);
            out.write(block, 0, n);
            left -= n;
        }
    }

    private static Map<String, String> environment(Path dir, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(extra);
        // The server's temp directory is watched too: a decoder's buffer files must not pile up there either.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        env.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
        return env;
    }

    private static void assertNothingStored(ApiClient api, String chat, Path data, Path dir) throws IOException {
        assertEquals(0, api.get("/api/v1/chat/workflows/" + chat + "/files").data().get("files").size(), "no file row");
        assertEquals(List.of(), regularFilesIn(data.resolve("objects")), "no object");
        assertEquals(List.of(), regularFilesIn(data.resolve("work").resolve("uploads")), "no spool file");
        try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(), tmp.filter(p -> p.getFileName().toString().startsWith("FUp_")).toList(),
                    "no multipart decoder buffer file");
        }
    }

    private static void awaitSpoolEmpty(Path data) {
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> regularFiles(data.resolve("work").resolve("uploads")) == 0);
    }

    private static long largestFile(Path dir) throws IOException {
        long largest = 0;
        for (Path file : regularFilesIn(dir)) {
            try {
                largest = Math.max(largest, Files.size(file));
            } catch (java.nio.file.NoSuchFileException gone) {
                // removed meanwhile
            }
        }
        return largest;
    }
}
