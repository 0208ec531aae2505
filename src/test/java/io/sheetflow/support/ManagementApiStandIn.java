package io.sheetflow.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the API Gateway management API of one WebSocket stage, on 127.0.0.1: {@code POST
 * /{stage}/@connections/{id}} records the frame for that connection, or answers 410 for connections marked
 * gone and 500 for connections marked failing; {@code DELETE} records a close.
 */
public final class ManagementApiStandIn implements AutoCloseable {
    private static final String STAGE = "/prod";
    private final HttpServer server;
    private final Map<String, List<String>> frames = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private volatile BiConsumer<String, String> onFrame = (connectionId, frame) -> { };

    public ManagementApiStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(STAGE + "/@connections/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    /** The management endpoint, as SHEETFLOW_WEBSOCKET_MANAGEMENT_ENDPOINT would be (with a stage path). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + STAGE);
    }

    public void markGone(String connectionId) {
        gone.add(connectionId);
    }

    /** The next {@code times} posts to the connection answer 500. */
    public void failNext(String connectionId, int times) {
        failuresLeft.put(connectionId, new AtomicInteger(times));
    }

    /** Frames received for the connection, in order. */
    /**
     * Runs for every frame posted, after it is recorded and before the post is answered, so a test can act at an
     * exact point of a sender's sequence (the sender waits for the answer). {@code null} removes the hook.
     */
    public void onFrame(BiConsumer<String, String> hook) {
        onFrame = hook == null ? (connectionId, frame) -> { } : hook;
    }

    public List<String> frames(String connectionId) {
        return List.copyOf(frames.getOrDefault(connectionId, List.of()));
    }

    public int attempts(String connectionId) {
        return attempts.getOrDefault(connectionId, new AtomicInteger()).get();
    }

    public boolean closed(String connectionId) {
        return closed.contains(connectionId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawPath().substring((STAGE + "/@connections/").length());
        String id = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        if (exchange.getRequestMethod().equals("DELETE")) {
            closed.add(id);
            status = gone.contains(id) ? 410 : 204;
        } else {
            attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            AtomicInteger failing = failuresLeft.get(id);
            if (gone.contains(id)) {
                status = 410;
            } else if (failing != null && failing.getAndDecrement() > 0) {
                status = 500;
            } else {
                String frame = new String(body, StandardCharsets.UTF_8);
                frames.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(frame);
                onFrame.accept(id, frame);
                status = 200;
            }
        }
        byte[] answer = status == 410 ? "{\"message\":\"Gone\"}".getBytes(StandardCharsets.UTF_8)
                : status == 500 ? "{\"message\":\"Internal server error\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (status == 410) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "GoneException");
        }
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
