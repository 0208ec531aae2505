package io.sheetflow.bench;

import io.sheetflow.support.ServerProcess;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.event.EventService;
import io.sheetflow.support.ApiClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Service figures for the README and the closing notes: start-up time, 200 MB upload/download through a
 * server limited to {@code -Xmx256m}, and WebSocket event delivery. Run with {@code ./mvnw -Pbenchmark test}.
 * Prints figures; asserts only correctness (bytes intact, every event delivered), never timings.
 */
@Tag("benchmark")
class ServiceBenchmark {
    private static final long FILE_BYTES = 200L * 1024 * 1024;
    private static final List<String> REPORT = new ArrayList<>();
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();

    @Test
    void startupAndLargeFileTransfer_onA256MbHeap() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-bench-");
        try (ServerProcess server = ServerProcess.start(dir, TOKEN,
                Map.of("SHEETFLOW_UPLOAD_MAX_BYTES", String.valueOf(FILE_BYTES + 1024 * 1024)))) {
            URI base = server.base();
            report("start-up: JVM launch to first answered health request: %d ms", server.startupMillis());

            Path file = dir.resolve("big.csv");
            String expectedSha = writeCsv(file, FILE_BYTES);
            ApiClient api = new ApiClient(base, TOKEN);
            String chat = api.createChat();
            long t0 = System.nanoTime();
            ApiClient.Answer upload = api.upload(chat, "big.csv", file);
            long t1 = System.nanoTime();
            assertEquals(200, upload.status(), upload.body().toString());
            assertEquals(expectedSha, upload.data().get("sha256").asText());
            report("upload 200 MB, multipart (server -Xmx256m): %.1f s, %.0f MB/s", seconds(t1 - t0), mbPerSecond(FILE_BYTES, t1 - t0));
            long r0 = System.nanoTime();
            ApiClient.Answer raw = api.uploadRaw(chat, "big-raw.csv", file);
            long r1 = System.nanoTime();
            assertEquals(200, raw.status(), raw.body().toString());
            assertEquals(expectedSha, raw.data().get("sha256").asText());
            report("upload 200 MB, raw body (server -Xmx256m): %.1f s, %.0f MB/s", seconds(r1 - r0), mbPerSecond(FILE_BYTES, r1 - r0));

            Path downloaded = dir.resolve("downloaded.csv");
            long t2 = System.nanoTime();
            HttpResponse<Path> download = api.downloadTo(upload.data().get("download_url").asText(), downloaded);
            long t3 = System.nanoTime();
            assertEquals(200, download.statusCode());
            assertEquals(expectedSha, sha256(downloaded));
            report("download 200 MB (server -Xmx256m): %.1f s, %.0f MB/s", seconds(t3 - t2), mbPerSecond(FILE_BYTES, t3 - t2));
            report("server peak RSS after both transfers: %d MiB, still alive: %s", server.peakRssMiB(), server.isAlive());
            assertTrue(server.isAlive(), "no OutOfMemoryError");
        } finally {
            printReport();
        }
    }

    @Test
    void eventDelivery_to200ClientsAndThroughputToOne() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-bench-events-");
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "sheetflow.data-dir", dir.toString(), "micronaut.server.port", "-1", "sheetflow.auth.token", TOKEN,
                // all 200 clients are one user here
                "sheetflow.limits.websocket-connections-per-user", "1000"), "benchmark")) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            EventService events = context.getBean(EventService.class);
            ApiClient api = new ApiClient(server.getURI(), TOKEN);
            UUID chat = UUID.fromString(api.createChat());
            String ws = server.getURI().toString().replaceFirst("^http", "ws") + "/chat/" + chat + "?token=" + TOKEN;

            // 200 subscribers; events paced at a busy run's rate and at a stress rate. The payload carries the
            // publish time (nanoTime, same JVM), so the delay covers queueing, the log append and delivery.
            int clients = 200;
            for (int rate : new int[]{20, 200}) {
                int eventsToSend = rate == 20 ? 200 : 1000;
                ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
                CountDownLatch all = new CountDownLatch(clients * eventsToSend);
                List<WebSocket> sockets = connect(ws, clients, text -> {
                    long sent = sentNanos(text);
                    if (sent > 0) {
                        delays.add(System.nanoTime() - sent);
                        all.countDown();
                    }
                });
                long pace = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < eventsToSend; i++) {
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait();
                    }
                    next += pace;
                    events.publish(chat, "local", null, "progress", Map.of("bench_sent_nanos", System.nanoTime()));
                }
                assertTrue(all.await(120, TimeUnit.SECONDS), "every client received every event");
                long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
                report("event delivery, %d clients, %d events at %d events/s (%d frames/s): publish-to-receipt p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                        clients, eventsToSend, rate, rate * clients, sorted[sorted.length / 2] / 1e6,
                        sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
                sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
                Thread.sleep(500);
            }

            // Sustained rate to one client: publish as fast as possible from one thread, each event its own
            // durable transaction (as a run's transitions are), delivered by the relay after each commit.
            UUID chat2 = UUID.fromString(api.createChat());
            int burst = 5_000;
            CountDownLatch received = new CountDownLatch(burst);
            AtomicLong last = new AtomicLong();
            List<WebSocket> one = connect(server.getURI().toString().replaceFirst("^http", "ws") + "/chat/" + chat2 + "?token=" + TOKEN, 1,
                    text -> {
                        if (sentNanos(text) > 0) {
                            last.set(System.nanoTime());
                            received.countDown();
                        }
                    });
            long begin = System.nanoTime();
            for (int i = 0; i < burst; i++) {
                events.publish(chat2, "local", null, "progress", Map.of("bench_sent_nanos", System.nanoTime()));
            }
            long appended = System.nanoTime();
            assertTrue(received.await(120, TimeUnit.SECONDS), "the client received every event");
            report("sustained to one client: %d events in %.2f s = %.0f events/s (all stored in the log after %.2f s)",
                    burst, seconds(last.get() - begin), burst / seconds(last.get() - begin), seconds(appended - begin));
            one.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        } finally {
            printReport();
        }
    }

    private static List<WebSocket> connect(String url, int count, Consumer<String> sink) throws Exception {
        List<WebSocket> sockets = open(url, count, sink);
        Thread.sleep(500); // let every subscription register before measuring
        return sockets;
    }

    /** {@code count} WebSocket clients of {@code url}, each whole text frame handed to {@code sink}. */
    static List<WebSocket> open(String url, int count, Consumer<String> sink) throws Exception {
        // Several clients (each with its own selector thread), so the receiving side is not one thread.
        List<HttpClient> httpClients = new ArrayList<>();
        for (int i = 0; i < Math.min(count, 8); i++) {
            httpClients.add(HttpClient.newHttpClient());
        }
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(httpClients.get(i % httpClients.size()).newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean lastPart) {
                    partial.append(data);
                    if (lastPart) {
                        sink.accept(partial.toString());
                        partial.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }));
        }
        List<WebSocket> sockets = new ArrayList<>();
        for (var future : pending) {
            sockets.add(future.get(30, TimeUnit.SECONDS));
        }
        return sockets;
    }

    /** The {@code bench_sent_nanos} field of an event frame, or -1. */
    static long sentNanos(String frame) {
        int at = frame.indexOf("\"bench_sent_nanos\":");
        if (at < 0) {
            return -1;
        }
        int from = at + 19;
        int to = from;
        while (to < frame.length() && (Character.isDigit(frame.charAt(to)) || frame.charAt(to) == '-')) {
            to++;
        }
        return Long.parseLong(frame.substring(from, to));
    }

    static String writeCsv(Path file, long bytes) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] line = "123456,Firstname,Lastname,first.last@example.com,42,Springfield,US,2024-05-17,98765,active\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[line.length * 10_000];
        for (int i = 0; i < 10_000; i++) {
            System.arraycopy(line, 0, block, i * line.length, line.length);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            long written = 0;
            while (written < bytes) {
                int n = (int) Math.min(block.length, bytes - written);
                out.write(block, 0, n);
                sha.update(block, 0, n);
                written += n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1024.0 / 1024.0 / seconds(nanos);
    }

    static synchronized void report(String format, Object... args) {
        String line = String.format(java.util.Locale.ROOT, format, args);
        REPORT.add(line);
        System.out.println("[benchmark] " + line);
    }

    static synchronized void printReport() {
        try {
            Path out = Path.of("target", "benchmark-results.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, REPORT, StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // printing is what matters
        }
    }

}
