package io.sheetflow.bench;

import io.sheetflow.cluster.TwoInstances;
import io.sheetflow.event.EventService;
import io.sheetflow.support.ApiClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out figures (docs/scaling-out.md): two servers in this JVM (two application contexts, two Netty ports) on
 * one embedded PostgreSQL and one S3 bucket (s3proxy), as {@code io.sheetflow.cluster.TwoInstances} starts them.
 * <ul>
 *   <li>Cross-instance delivery: 200 WebSocket clients subscribed to one chat; events appended on instance A
 *   ({@link EventService#publish}, each its own transaction, paced); append-to-receipt latency with the clients on
 *   instance B ({@code LISTEN/NOTIFY}, then B reads the log) beside the same with the clients on A itself, in one
 *   run. The event carries A's {@code System.nanoTime()} before the append; both instances share the JVM's
 *   clock.</li>
 *   <li>Shared queue throughput: 1,000 tiny runs ({@code test/gate}, gate open) submitted at once from 16 client
 *   threads, spread over both instances: runs per second from the first submit to the last run's end (its
 *   {@code workflow_*} frame on a user-wide stream), the rate from the first run's end to the last's, and how many
 *   each instance executed; beside one instance with the in-process queue (measured first and again last, since
 *   the JIT warms up over the run) and one instance with the database queue, each on a fresh database.</li>
 * </ul>
 * Asserts only correctness (every event and run arrived), never timings.
 * <pre>
 * ./mvnw -q -B -ntp -Pbenchmark test -Dtest=ScaleOutBenchmark
 * </pre>
 */
@Tag("benchmark")
class ScaleOutBenchmark {
    private static final int CLIENTS = 200;
    private static final int RUNS = 1000;
    private static final int SUBMITTERS = 16;
    private static final String TINY_RUN = "{\"steps\":[{\"operation\":\"test/gate\",\"arguments\":{}}],\"input_file\":\"small.csv\"}";

    @Test
    void crossInstanceDelivery_200ClientsOnTheOtherInstance_besideClientsOnTheAppendingOne() throws Exception {
        try (TwoInstances cluster = new TwoInstances(Map.of("sheetflow.limits.websocket-connections-per-user", "1000"))) {
            EventService appender = cluster.a.context.getBean(EventService.class);
            for (boolean warmUp : new boolean[]{true, false}) {
                for (int rate : warmUp ? new int[]{50} : new int[]{20, 200}) {
                    int events = warmUp ? 100 : rate == 20 ? 200 : 1000;
                    for (TwoInstances.Instance clientsOn : List.of(cluster.a, cluster.b)) {
                        long[] sorted = deliver(cluster, appender, clientsOn, rate, events);
                        if (!warmUp) {
                            ServiceBenchmark.report("cross-instance delivery, %d clients on %s (%s), %d events appended on instance-a "
                                            + "at %d/s: append-to-receipt p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                                    CLIENTS, clientsOn.name, clientsOn == cluster.a ? "single-instance baseline" : "the other instance",
                                    events, rate, quantile(sorted, 0.50), quantile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
                        }
                    }
                }
            }
        } finally {
            ServiceBenchmark.printReport();
        }
    }

    private static long[] deliver(TwoInstances cluster, EventService appender, TwoInstances.Instance clientsOn, int rate,
                                  int events) throws Exception {
        UUID chat = UUID.fromString(cluster.a.api.createChat());
        ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
        CountDownLatch connected = new CountDownLatch(CLIENTS);
        CountDownLatch all = new CountDownLatch(CLIENTS * events);
        List<WebSocket> sockets = connect(clientsOn.server.getURI(), "/chat/" + chat, cluster.token, CLIENTS, frame -> {
            long now = System.nanoTime();
            if (frame.contains("\"type\":\"connected\"")) {
                connected.countDown();
                return;
            }
            long sent = ServiceBenchmark.sentNanos(frame);
            if (sent > 0) {
                delays.add(now - sent);
                all.countDown();
            }
        });
        try {
            assertTrue(connected.await(60, TimeUnit.SECONDS), "every client subscribed");
            long pace = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < events; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                next += pace;
                appender.publish(chat, "local", null, "progress", Map.of("bench_sent_nanos", System.nanoTime()));
            }
            assertTrue(all.await(120, TimeUnit.SECONDS), "every client received every event");
            return delays.stream().mapToLong(Long::longValue).sorted().toArray();
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void sharedQueueThroughput_1000TinyRunsOverTwoInstances_besideOneInstance() throws Exception {
        Map<String, String> limits = Map.of("sheetflow.limits.runs-per-minute", "100000",
                "sheetflow.limits.active-runs-per-user", "100000", "sheetflow.limits.websocket-connections-per-user", "1000");
        Map<String, String> local = new HashMap<>(limits);
        local.put("sheetflow.runs.queue", "local");
        local.put("sheetflow.events.fanout", "local");
        local.put("sheetflow.limits.store", "local");
        Map<String, Map<String, String>> setups = new LinkedHashMap<>();
        setups.put("one instance, in-process queue (baseline)", local);
        setups.put("one instance, database queue", limits);
        setups.put("two instances, database queue", limits);
        setups.put("one instance, in-process queue (baseline again, with the JIT warm)", local);
        try {
            for (var setup : setups.entrySet()) {
                boolean both = setup.getKey().startsWith("two");
                try (TwoInstances cluster = new TwoInstances(setup.getValue())) {
                    cluster.a.gate().open();
                    cluster.b.gate().open();
                    if (!both) {
                        cluster.b.stop();
                    }
                    throughput(setup.getKey() + ", warm-up", cluster, both, 100);
                    throughput(setup.getKey(), cluster, both, RUNS);
                }
            }
        } finally {
            ServiceBenchmark.printReport();
        }
    }

    private static void throughput(String label, TwoInstances cluster, boolean both, int runs) throws Exception {
        List<ApiClient> targets = both ? List.of(cluster.a.api, cluster.b.api) : List.of(cluster.a.api);
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String chat = cluster.a.api.createChat();
            ApiClient.Answer upload = cluster.a.api.upload(chat, "small.csv", "id,name\n1,Ada\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, upload.status(), upload.body().toString());
            chats.add(chat);
        }
        AtomicInteger ended = new AtomicInteger();
        AtomicLong firstEnd = new AtomicLong();
        AtomicInteger notCompleted = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch allEnded = new CountDownLatch(runs);
        List<WebSocket> stream = connect(cluster.a.server.getURI(), "/events", cluster.token, 1, frame -> {
            if (frame.contains("\"type\":\"connected\"")) {
                connected.countDown();
            } else if (frame.contains("\"type\":\"workflow_completed\"") || frame.contains("\"type\":\"workflow_failed\"")
                    || frame.contains("\"type\":\"workflow_cancelled\"")) {
                if (!frame.contains("\"type\":\"workflow_completed\"")) {
                    notCompleted.incrementAndGet();
                }
                firstEnd.compareAndSet(0, System.nanoTime());
                ended.incrementAndGet();
                allEnded.countDown();
            }
        });
        ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
        try {
            assertTrue(connected.await(60, TimeUnit.SECONDS), "the user stream is connected");
            long begin = System.nanoTime();
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ApiClient api = targets.get(i % targets.size());
                String chat = chats.get(i % chats.size());
                submitted.add(submitters.submit(() -> {
                    ApiClient.Answer answer = api.post("/api/v1/chat/workflows/" + chat + "/execute", TINY_RUN);
                    assertEquals(202, answer.status(), answer.body().toString());
                    return answer.data().get("run_id").asText();
                }));
            }
            List<UUID> ids = new ArrayList<>();
            for (Future<String> run : submitted) {
                ids.add(UUID.fromString(run.get(5, TimeUnit.MINUTES)));
            }
            long allSubmitted = System.nanoTime();
            assertTrue(allEnded.await(10, TimeUnit.MINUTES), "every run ended (" + ended.get() + " of " + runs + ")");
            long end = System.nanoTime();
            assertEquals(0, notCompleted.get(), "every run completed");
            double seconds = (end - begin) / 1e9;
            ServiceBenchmark.report("shared queue, %s: %d runs submitted in %.2f s, all ended after %.2f s = %.0f runs/s "
                            + "end to end (%.0f runs/s from the first run's end to the last's); executed by %s", label, runs,
                    (allSubmitted - begin) / 1e9, seconds, runs / seconds, (runs - 1) / ((end - firstEnd.get()) / 1e9),
                    executedBy(cluster, ids));
        } finally {
            submitters.shutdownNow();
            closeAll(stream);
        }
    }

    /** How many of the runs each instance executed ({@code workflow_run.claimed_by}). */
    private static Map<String, Long> executedBy(TwoInstances cluster, List<UUID> runs) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(claimed_by, '(none)'), COUNT(*) FROM workflow_run WHERE id = ANY(?) GROUP BY 1 ORDER BY 1")) {
            ps.setArray(1, c.createArrayOf("uuid", runs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private static List<WebSocket> connect(URI base, String path, String token, int count, Consumer<String> sink)
            throws Exception {
        return ServiceBenchmark.open(base.toString().replaceFirst("^http", "ws") + path + "?token=" + token, count, sink);
    }

    private static void closeAll(List<WebSocket> sockets) {
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static double quantile(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
