package io.sheetflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PlanOutcome;
import io.sheetflow.assistant.PlanRequest;
import io.sheetflow.assistant.Planner;
import io.sheetflow.assistant.chat.ConversationFiles;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.support.ApiClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assistant with the {@code rules} planner on the local server: a conversation with 5 CSV files of 100,000
 * rows each, messages posted one after another over real HTTP, replies received over a real WebSocket. Printed:
 * the planner alone (in-process, p50/p99), and per message the time from the POST to the first
 * {@code assistant_delta} frame and to the {@code assistant_message} frame with the suggestion (p50/p99). The
 * baseline, in the same run, is the conversation's first message, which reads the five files' facts (headers,
 * types, samples, row counts) before planning; later messages find them cached (stored files never change).
 * <pre>
 * ./mvnw -q -B -ntp -Pbenchmark test -Dtest=AssistantBenchmark
 * </pre>
 */
@Tag("benchmark")
class AssistantBenchmark {
    private static final String TOKEN = "sft_bench_" + UUID.randomUUID();
    private static final int FILES = 5;
    private static final int ROWS = 100_000;
    private static final int MESSAGES = 200;
    private static final int PLANS = 2_000;

    @Test
    void rulesPlanner_messageToSuggestion_andFirstDelta_withFiveFilesOf100kRows() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-assistant-bench-");
        Map<String, Object> properties = Map.of("sheetflow.data-dir", dir.toString(), "sheetflow.auth.token", TOKEN,
                "micronaut.server.port", -1, "micronaut.server.host", "127.0.0.1");
        try (ApplicationContext context = ApplicationContext.run(properties, "benchmark")) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            ApiClient api = new ApiClient(server.getURI(), TOKEN);
            String chat = api.createChat();
            for (int f = 1; f <= FILES; f++) {
                Path csv = dir.resolve("customers_" + f + ".csv");
                writeCsv(csv, f);
                ApiClient.Answer uploaded = api.upload(chat, csv.getFileName().toString(), csv);
                assertTrue(uploaded.status() / 100 == 2, uploaded.body().toString());
            }
            Replies replies = Replies.open(server.getURI(), chat);
            try {
                long[] cold = ask(api, replies, chat, request(0));
                long[] firstDelta = new long[MESSAGES];
                long[] suggestion = new long[MESSAGES];
                for (int i = 0; i < MESSAGES; i++) {
                    long[] t = ask(api, replies, chat, request(i + 1));
                    firstDelta[i] = t[0];
                    suggestion[i] = t[1];
                }
                long[] plan = planInProcess(context, UUID.fromString(chat));
                ServiceBenchmark.report("assistant (rules), %d files x %,d rows: planner alone, %,d plans: p50 %.2f ms"
                        + " p99 %.2f ms", FILES, ROWS, PLANS, millis(plan, 0.50), millis(plan, 0.99));
                ServiceBenchmark.report("assistant (rules), baseline: first message (reads the 5 files' facts):"
                        + " first delta %.1f ms, suggestion %.1f ms", cold[0] / 1e6, cold[1] / 1e6);
                ServiceBenchmark.report("assistant (rules), %d messages (facts cached): POST to first assistant_delta"
                        + " p50 %.1f ms p99 %.1f ms; POST to assistant_message with suggestion p50 %.1f ms p99 %.1f ms",
                        MESSAGES, millis(firstDelta, 0.50), millis(firstDelta, 0.99), millis(suggestion, 0.50),
                        millis(suggestion, 0.99));
            } finally {
                replies.close();
            }
        }
        ServiceBenchmark.printReport();
    }

    /** Requests that each name one file and ask for one workflow, cycling through files and operations. */
    private static String request(int i) {
        String file = "customers_" + (i % FILES + 1) + ".csv";
        return switch (i % 5) {
            case 0 -> "extract email_address and status from " + file;
            case 1 -> "find rows where age over 30 in " + file;
            case 2 -> "convert " + file + " to excel";
            case 3 -> "lowercase the email_address in " + file;
            default -> "insert statements for table people from " + file;
        };
    }

    /** Posts one message and waits for its reply; the times from the POST to the first delta and to the message. */
    private static long[] ask(ApiClient api, Replies replies, String chat, String text) throws Exception {
        long start = System.nanoTime();
        ApiClient.Answer accepted = api.post("/api/v1/chat/workflows/" + chat + "/messages",
                ApiClient.JSON.createObjectNode().put("text", text).toString());
        assertEquals(202, accepted.status(), accepted.body().toString());
        Reply reply = replies.await(accepted.data().get("reply_id").asText());
        assertTrue(reply.message.path("suggestion").isObject(), text + " -> " + reply.message);
        return new long[]{reply.firstDelta - start, reply.finished - start};
    }

    private static long[] planInProcess(ApplicationContext context, UUID chatId) {
        Planner planner = context.getBean(Planner.class, Qualifiers.byName("rules"));
        Conversation conversation = context.getBean(ConversationRepository.class).findById(chatId).orElseThrow();
        List<FileFacts> facts = context.getBean(ConversationFiles.class).facts(conversation);
        assertEquals(FILES, facts.size());
        long[] times = new long[PLANS];
        for (int i = 0; i < PLANS; i++) {
            long start = System.nanoTime();
            PlanOutcome outcome = planner.plan(new PlanRequest(request(i), facts, null), Planner.TextSink.NONE);
            times[i] = System.nanoTime() - start;
            assertTrue(outcome instanceof PlanOutcome.Suggestion, request(i) + " -> " + outcome.text());
        }
        return times;
    }

    private static void writeCsv(Path csv, int seed) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("id,first_name,last_name,email_address,status,age,signup_date,country,amount\n");
            for (int r = 1; r <= ROWS; r++) {
                out.write(r + ",First" + r + ",Last" + (r * seed) + ",user" + r + "@example.com,"
                        + (r % 3 == 0 ? "inactive" : "active") + "," + (18 + r % 70) + ",2024-"
                        + String.format("%02d-%02d", 1 + r % 12, 1 + r % 28) + "," + (r % 2 == 0 ? "UK" : "US")
                        + "," + (r % 1000) + "." + (r % 100) + "\n");
            }
        }
    }

    private static double millis(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static final class Reply {
        volatile long firstDelta;
        volatile long finished;
        volatile JsonNode message;
        final CountDownLatch done = new CountDownLatch(1);
    }

    /** The conversation's WebSocket: arrival times of each reply's first delta and final message. */
    private static final class Replies implements WebSocket.Listener {
        private final Map<String, Reply> byId = new ConcurrentHashMap<>();
        private final CountDownLatch connected = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Replies open(URI base, String chat) throws Exception {
            Replies replies = new Replies();
            URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/chat/" + chat + "?token=" + TOKEN);
            replies.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, replies).get(30, TimeUnit.SECONDS);
            assertTrue(replies.connected.await(30, TimeUnit.SECONDS), "connected frame");
            return replies;
        }

        Reply await(String replyId) throws InterruptedException {
            Reply reply = reply(replyId);
            assertTrue(reply.done.await(2, TimeUnit.MINUTES), "reply " + replyId + " arrived");
            assertTrue(reply.firstDelta > 0, "a delta came before the final message");
            return reply;
        }

        private Reply reply(String id) {
            return byId.computeIfAbsent(id, k -> new Reply());
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = ApiClient.JSON.readTree(partial.toString());
                    partial.setLength(0);
                    String type = frame.path("type").asText();
                    if (type.equals("connected")) {
                        connected.countDown();
                    } else if (type.equals("assistant_delta")) {
                        Reply reply = reply(frame.path("message_id").asText());
                        if (reply.firstDelta == 0) {
                            reply.firstDelta = now;
                        }
                    } else if (type.equals("assistant_message")) {
                        Reply reply = reply(frame.path("message_id").asText());
                        reply.finished = now;
                        reply.message = frame;
                        reply.done.countDown();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
