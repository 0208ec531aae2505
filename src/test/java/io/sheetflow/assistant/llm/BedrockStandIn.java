package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Bedrock runtime endpoint on 127.0.0.1 answering {@code POST /model/{modelId}/converse-stream} with the next
 * scripted reply: AWS event-stream frames ({@code application/vnd.amazon.eventstream}, encoded by the SDK's own
 * eventstream library) as Bedrock streams them, or an error status with {@code x-amzn-ErrorType}.
 */
final class BedrockStandIn implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Script(int status, byte[] body, String errorType, CountDownLatch gate) {
    }

    record Captured(String path, String body, String authorization, String amzDate, String accept) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    final List<Captured> requests = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();

    BedrockStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/model/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            requests.add(new Captured(exchange.getRequestURI().getRawPath(), body, headers.getFirst("Authorization"),
                    headers.getFirst("X-Amz-Date"), headers.getFirst("Accept")));
            Script script = scripts.poll();
            if (script == null) {
                script = new Script(500, "{\"message\":\"no script\"}".getBytes(StandardCharsets.UTF_8), "InternalServerException", null);
            }
            try {
                if (script.gate() != null) {
                    script.gate().await(60, TimeUnit.SECONDS);
                }
                boolean ok = script.status() == 200;
                exchange.getResponseHeaders().add("Content-Type", ok ? "application/vnd.amazon.eventstream" : "application/json");
                if (script.errorType() != null) {
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", script.errorType() + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
                }
                exchange.sendResponseHeaders(script.status(), script.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(script.body());
                }
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(byte[] frames) {
        scripts.add(new Script(200, frames, null, null));
    }

    void fail(int status, String errorType, String message) {
        scripts.add(new Script(status, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8), errorType, null));
    }

    CountDownLatch answerWhenReleased(byte[] frames) {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        scripts.add(new Script(200, frames, null, gate));
        return gate;
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

    /**
     * A ConverseStream answer: messageStart, a text block streamed in {@code text} pieces, then (if {@code toolName}
     * is set) a tool-use block whose input arrives in {@code inputPieces}, messageStop and metadata.
     */
    static byte[] stream(List<String> text, String toolName, List<String> inputPieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        event(out, "messageStart", JSON.createObjectNode().put("role", "assistant"));
        int index = 0;
        if (!text.isEmpty()) {
            for (String piece : text) {
                ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", index);
                delta.putObject("delta").put("text", piece);
                event(out, "contentBlockDelta", delta);
            }
            event(out, "contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", index));
            index++;
        }
        if (toolName != null) {
            ObjectNode start = JSON.createObjectNode().put("contentBlockIndex", index);
            start.putObject("start").putObject("toolUse").put("toolUseId", "tooluse_abc123").put("name", toolName);
            event(out, "contentBlockStart", start);
            for (String piece : inputPieces) {
                ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", index);
                delta.putObject("delta").putObject("toolUse").put("input", piece);
                event(out, "contentBlockDelta", delta);
            }
            event(out, "contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", index));
        }
        event(out, "messageStop", JSON.createObjectNode().put("stopReason", toolName == null ? "end_turn" : "tool_use"));
        ObjectNode metadata = JSON.createObjectNode();
        metadata.putObject("usage").put("inputTokens", 100).put("outputTokens", 20).put("totalTokens", 120);
        metadata.putObject("metrics").put("latencyMs", 300);
        event(out, "metadata", metadata);
        return out.toByteArray();
    }

    /** The frames of {@code stream} cut short by an exception frame after the text, as Bedrock ends a failing stream. */
    static byte[] failingStream(List<String> text, String exceptionType, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        event(out, "messageStart", JSON.createObjectNode().put("role", "assistant"));
        for (String piece : text) {
            ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", piece);
            event(out, "contentBlockDelta", delta);
        }
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("exception"));
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        write(out, new Message(headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)));
        return out.toByteArray();
    }

    private static void event(ByteArrayOutputStream out, String type, ObjectNode payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        payload.put("p", "abcdefghij"); // Bedrock pads its events so their sizes say nothing
        write(out, new Message(headers, payload.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void write(ByteArrayOutputStream out, Message message) {
        message.encode(out);
    }
}
