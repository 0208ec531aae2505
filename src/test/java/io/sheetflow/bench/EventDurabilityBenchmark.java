package io.sheetflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.event.EventService;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What durable commits cost the event log: with 1, 10 and 100 concurrent publishers (each its own conversation,
 * as concurrent runs are), every publisher appends {@code progress} events one transaction each through
 * {@link EventService#publish}, and one real WebSocket client per conversation receives them from the Netty
 * server. Printed per database and concurrency: appends per second, commit latency (the publish call) and
 * append-to-delivery latency (publish call start to the frame at the client), p50 and p99.
 * <p>
 * Databases, in one run: H2 as configured (WRITE_DELAY=0, durable against kill -9), the baseline H2 with its
 * default write delay (what was configured before: commits return before they are in the file), and the
 * embedded PostgreSQL with {@code synchronous_commit} on (its default, what Sheetflow requires) and, for
 * reference, off.
 * <pre>
 * ./mvnw -q -B -ntp -Pbenchmark test -Dtest=EventDurabilityBenchmark
 * </pre>
 */
@Tag("benchmark")
class EventDurabilityBenchmark {
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();
    private static final int[] PUBLISHERS = {1, 10, 100};
    /** Events per level, split across its publishers (at least 30 each, so p99 has samples). */
    private static final int EVENTS_PER_LEVEL = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void appendThroughputAndDeliveryLatency_durableVersusDelayedCommits() throws Exception {
        Map<String, Map<String, String>> databases = new LinkedHashMap<>();
        databases.put("H2 WRITE_DELAY=0 (configured)", Map.of());
        databases.put("H2 default write delay (baseline)", Map.of("datasources.default.url",
                "jdbc:h2:async:${sheetflow.data-dir}/db/sheetflow;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;LOCK_TIMEOUT=10000"));
        databases.put("PostgreSQL synchronous_commit=on (required)", EmbeddedPostgres.newDatabaseProperties());
        Map<String, String> asyncPg = new HashMap<>(EmbeddedPostgres.newDatabaseProperties());
        asyncPg.put("datasources.default.url", asyncPg.get("datasources.default.url") + "&options=-c%20synchronous_commit%3Doff");
        databases.put("PostgreSQL synchronous_commit=off (reference)", asyncPg);

        for (var database : databases.entrySet()) {
            Path dir = Files.createTempDirectory("sheetflow-event-bench-");
            Map<String, Object> properties = new HashMap<>();
            properties.put("sheetflow.data-dir", dir.toString());
            properties.put("sheetflow.auth.token", TOKEN);
            properties.put("micronaut.server.port", -1);
            properties.put("micronaut.server.host", "127.0.0.1");
            properties.put("sheetflow.limits.websocket-connections-per-user", 1000);
            properties.putAll(database.getValue());
            try (ApplicationContext context = ApplicationContext.run(properties, "benchmark")) {
                EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
                EventService events = context.getBean(EventService.class);
                ApiClient api = new ApiClient(server.getURI(), TOKEN);
                measure(database.getKey() + ", warm-up", server.getURI(), api, events, 10, 500);
                for (int publishers : PUBLISHERS) {
                    measure(database.getKey(), server.getURI(), api, events, publishers, EVENTS_PER_LEVEL);
                }
            }
        }
        ServiceBenchmark.printReport();
    }

    private static void measure(String label, URI base, ApiClient api, EventService events, int publishers,
                                int totalEvents) throws Exception {
        int perPublisher = Math.max(30, totalEvents / publishers);
        List<Channel> channels = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < publishers; i++) {
                channels.add(Channel.open(http, base, api.createChat(), perPublisher));
            }
            CyclicBarrier start = new CyclicBarrier(publishers + 1);
            List<Thread> threads = new ArrayList<>();
            for (Channel channel : channels) {
                Thread thread = new Thread(() -> channel.publish(events, start), "publisher");
                thread.start();
                threads.add(thread);
            }
            start.await();
            long began = System.nanoTime();
            for (Thread thread : threads) {
                thread.join();
            }
            long appended = System.nanoTime();
            for (Channel channel : channels) {
                assertTrue(channel.delivered.await(2, TimeUnit.MINUTES), "every event reached its client");
            }
            double seconds = (appended - began) / 1e9;
            long[] commit = channels.stream().flatMapToLong(c -> Arrays.stream(c.commitNanos())).sorted().toArray();
            long[] delivery = channels.stream().flatMapToLong(c -> Arrays.stream(c.deliveryNanos())).sorted().toArray();
            ServiceBenchmark.report("events, %s, %3d publishers x %4d: %7.0f appends/s; commit p50 %6.2f ms p99 %6.2f ms;"
                            + " append-to-delivery p50 %6.2f ms p99 %6.2f ms",
                    label, publishers, perPublisher, commit.length / seconds, millis(commit, 0.50), millis(commit, 0.99),
                    millis(delivery, 0.50), millis(delivery, 0.99));
        } finally {
            channels.forEach(Channel::close);
        }
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** One conversation: its publisher's start and end times per event, and its client's receive times. */
    private static final class Channel implements WebSocket.Listener {
        final UUID chatId;
        final long[] started;
        final long[] committed;
        final long[] received;
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch delivered;
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        private Channel(UUID chatId, int events) {
            this.chatId = chatId;
            this.started = new long[events];
            this.committed = new long[events];
            this.received = new long[events];
            this.delivered = new CountDownLatch(events);
        }

        static Channel open(HttpClient http, URI base, String chatId, int events) throws Exception {
            Channel channel = new Channel(UUID.fromString(chatId), events);
            URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/chat/" + chatId + "?token=" + TOKEN);
            channel.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, channel).get(30, TimeUnit.SECONDS);
            assertTrue(channel.connected.await(30, TimeUnit.SECONDS), "connected frame");
            return channel;
        }

        void publish(EventService events, CyclicBarrier start) {
            try {
                start.await();
                for (int i = 0; i < started.length; i++) {
                    started[i] = System.nanoTime();
                    events.publish(chatId, "local", null, "progress",
                            Map.of("bench_index", i, "progress", 0, "message", "benchmark event " + i));
                    committed[i] = System.nanoTime();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode frame = JSON.readTree(text);
                    String type = frame.path("type").asText();
                    if ("connected".equals(type)) {
                        connected.countDown();
                    } else if ("progress".equals(type)) {
                        int index = frame.path("bench_index").asInt(-1);
                        if (index >= 0 && index < received.length && received[index] == 0) {
                            received[index] = now;
                            delivered.countDown();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            webSocket.request(1);
            return null;
        }

        long[] commitNanos() {
            long[] out = new long[started.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = committed[i] - started[i];
            }
            return out;
        }

        long[] deliveryNanos() {
            long[] out = new long[started.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = received[i] - started[i];
            }
            return out;
        }

        void close() {
            if (socket != null) {
                socket.abort();
            }
        }
    }
}
