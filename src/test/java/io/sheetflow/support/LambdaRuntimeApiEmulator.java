package io.sheetflow.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (version 2018-06-01) as a runtime client sees it, for one execution environment: the client
 * long-polls {@code GET /runtime/invocation/next} for the next event, posts the handler's answer to
 * {@code /runtime/invocation/{id}/response} or its error to {@code .../error}, and reports a failed init to
 * {@code /runtime/init/error}. {@link #invoke} queues an event and completes with what the client posted.
 */
public final class LambdaRuntimeApiEmulator implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Pending> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final String functionArn;

    public LambdaRuntimeApiEmulator(String functionArn) {
        this.functionArn = functionArn;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PREFIX, this::handle);
        // "next" blocks until an event is queued, so each request needs a thread of its own.
        server.setExecutor(threads);
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Hands the event to the runtime client; completes with the response body it posted, or exceptionally with
     * {@link InvocationFailed} carrying the error it posted (or the init error, or {@link #fail}'s reason).
     */
    public CompletableFuture<String> invoke(String eventJson) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(id, answer);
        initError.thenAccept(error -> answer.completeExceptionally(new InvocationFailed("init error: " + error)));
        events.add(new Pending(id, eventJson));
        return answer;
    }

    /** The error the runtime client reported for the init phase, if it did. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    /** Fails every unanswered invocation (e.g. when the function's process exited). */
    public void fail(String reason) {
        answers.values().forEach(a -> a.completeExceptionally(new InvocationFailed(reason)));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                Pending next = events.take();
                var headers = exchange.getResponseHeaders();
                headers.add("Lambda-Runtime-Aws-Request-Id", next.id());
                headers.add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 900_000));
                headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
                headers.add("Lambda-Runtime-Trace-Id", "Root=1-674f0000-" + next.id().replace("-", "").substring(0, 24)
                        + ";Parent=0123456789abcdef;Sampled=0");
                headers.add("Content-Type", "application/json");
                send(exchange, 200, next.event());
            } else if (path.equals("init/error")) {
                initError.complete(body);
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                answer(path).complete(body);
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                answer(path).completeExceptionally(new InvocationFailed(body));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<String> answer(String path) {
        String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
        CompletableFuture<String> answer = answers.get(id);
        if (answer == null) {
            throw new IllegalStateException("an answer for an unknown request id " + id);
        }
        return answer;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(String id, String event) {
    }

    /** What the runtime client reported instead of a response. */
    public static final class InvocationFailed extends RuntimeException {
        public InvocationFailed(String report) {
            super(report);
        }
    }
}
