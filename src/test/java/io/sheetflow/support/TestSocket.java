package io.sheetflow.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A real WebSocket client (the JDK's) that records every text frame it receives. */
public final class TestSocket implements AutoCloseable {
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private final WebSocket socket;

    private TestSocket(URI uri) {
        try {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("WebSocket connect to " + uri + " failed", e);
        }
    }

    public static TestSocket connect(URI httpBase, String path) {
        return new TestSocket(URI.create(httpBase.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + path));
    }

    /** Connects with the token in the query string, as browsers must. */
    public static TestSocket connect(URI httpBase, String path, String token) {
        String separator = path.contains("?") ? "&" : "?";
        return connect(httpBase, token == null ? path : path + separator + "token=" + token);
    }

    /** Tries to connect; returns the handshake failure (e.g. 401) instead of a socket. */
    public static Throwable refused(URI httpBase, String path) {
        try (TestSocket socket = connect(httpBase, path)) {
            return null;
        } catch (IllegalStateException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.ExecutionException || cause instanceof java.util.concurrent.CompletionException) {
                cause = cause.getCause();
            }
            return cause;
        }
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    public List<JsonNode> frames(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** Frames that came from the event log (they carry a seq and a run or chat). */
    public List<JsonNode> logged() {
        return frames.stream().filter(f -> f.has("seq") && !f.path("type").asText().equals("connected")).toList();
    }

    public JsonNode awaitFrame(Predicate<JsonNode> matching) {
        await().atMost(Duration.ofSeconds(60)).until(() -> frames.stream().anyMatch(matching));
        return frames.stream().filter(matching).findFirst().orElseThrow();
    }

    public JsonNode awaitType(String type) {
        return awaitFrame(f -> type.equals(f.path("type").asText()));
    }

    public int awaitClose() {
        return closed.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Ping frames received from the server (the client answers each with a pong). */
    public int pings() {
        return pings.get();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(ApiClient.JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
