package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A chat-completions server on 127.0.0.1 answering each request with the next scripted reply, as OpenAI streams. */
public final class OpenAiStandIn implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code gate}: when set, the reply waits for it before sending anything; {@code split}/{@code midGate}: when set,
     * the first {@code split} characters are sent and flushed, then the rest waits for {@code midGate}.
     */
    record Script(int status, String body, CountDownLatch gate, int split, CountDownLatch midGate) {
        Script(int status, String body, CountDownLatch gate) {
            this(status, body, gate, 0, null);
        }
    }

    record Captured(String body, String authorization) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    final List<Captured> requests = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();

    public OpenAiStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Captured(body, exchange.getRequestHeaders().getFirst("Authorization")));
            Script script = scripts.poll();
            if (script == null) {
                script = new Script(500, "{\"error\":{\"message\":\"no script\"}}", null);
            }
            try {
                if (script.gate() != null) {
                    script.gate().await(60, TimeUnit.SECONDS);
                }
                exchange.getResponseHeaders().add("Content-Type", script.status() == 200 ? "text/event-stream" : "application/json");
                if (script.midGate() != null) {
                    exchange.sendResponseHeaders(script.status(), 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(script.body().substring(0, script.split()).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        script.midGate().await(60, TimeUnit.SECONDS);
                        out.write(script.body().substring(script.split()).getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    byte[] bytes = script.body().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(script.status(), bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The server settings that point the {@code llm} planner at this stand-in, waiting {@code timeout} for it. */
    public Map<String, String> plannerSettings(String timeout) {
        return Map.of("sheetflow.assistant.planner", "llm",
                "sheetflow.assistant.llm.base-url", baseUrl(),
                "sheetflow.assistant.llm.model", "gpt-4o-mini",
                "sheetflow.assistant.llm.timeout", timeout);
    }

    void answer(int status, String body) {
        scripts.add(new Script(status, body, null));
    }

    CountDownLatch answerWhenReleased(String body) {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        scripts.add(new Script(200, body, gate));
        return gate;
    }

    /**
     * Streams {@code text}'s pieces as one answer, but holds everything after the first {@code sentFirst} pieces
     * until the returned latch is released.
     */
    public CountDownLatch answerTextPausedAfter(List<String> text, int sentFirst) {
        String body = stream(text, null, List.of());
        String head = stream(text.subList(0, sentFirst), null, List.of());
        int split = head.indexOf(chunk(delta(), "stop"));
        CountDownLatch midGate = new CountDownLatch(1);
        gates.add(midGate);
        scripts.add(new Script(200, body, null, split, midGate));
        return midGate;
    }

    void reset() {
        scripts.clear();
        requests.clear();
        gates.forEach(CountDownLatch::countDown);
    }

    @Override
    public void close() {
        gates.forEach(CountDownLatch::countDown);
        server.stop(0);
    }

    /** An SSE body: text pieces, then (if {@code toolName} is set) the tool call's arguments in pieces, then [DONE]. */
    static String stream(List<String> text, String toolName, List<String> argumentPieces) {
        StringBuilder out = new StringBuilder();
        out.append(chunk(delta().put("role", "assistant").put("content", ""), null));
        for (String piece : text) {
            out.append(chunk(delta().put("content", piece), null));
        }
        if (toolName != null) {
            for (int i = 0; i < argumentPieces.size(); i++) {
                ObjectNode call = JSON.createObjectNode().put("index", 0);
                ObjectNode function = call.putObject("function");
                if (i == 0) {
                    call.put("id", "call_abc123").put("type", "function");
                    function.put("name", toolName);
                }
                function.put("arguments", argumentPieces.get(i));
                ObjectNode delta = delta();
                delta.putArray("tool_calls").add(call);
                out.append(chunk(delta, null));
            }
        }
        out.append(chunk(delta(), toolName == null ? "stop" : "tool_calls"));
        return out.append("data: [DONE]\n\n").toString();
    }

    static List<String> pieces(String text, int size) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            pieces.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return pieces;
    }

    private static ObjectNode delta() {
        return JSON.createObjectNode();
    }

    private static String chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-123").put("object", "chat.completion.chunk").put("created", 1694268190)
                .put("model", "gpt-4o-mini");
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return "data: " + chunk + "\n\n";
    }
}
