package io.sheetflow.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * S3 as a function with an execution role reaches it: every request must be signed with the role's access key and
 * carry its session token ({@code x-amz-security-token}, or {@code X-Amz-Security-Token} in a presigned URL), else
 * it is refused with 403 as S3 refuses it. s3proxy 4.1.0 answers any request with a session token 501
 * NotImplemented, so this front checks the credentials itself, removes the token and forwards to an s3proxy of its
 * own that checks no signature. What it counts tells a test the role's session credentials were used.
 */
public final class SessionCredentialsS3 implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "x-amz-security-token");

    private final String accessKey;
    private final String sessionToken;
    private final S3Proxy s3proxy;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public SessionCredentialsS3(String accessKey, String sessionToken) {
        this.accessKey = accessKey;
        this.sessionToken = sessionToken;
        try {
            s3proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0")).awsAuthentication(AuthenticationType.NONE, null, null)
                    .build();
            s3proxy.start();
            await().until(() -> s3proxy.getState().equals("STARTED"));
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    /** The endpoint to give the functions (path-style). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Creates a bucket (as the stack does) and returns its name. */
    public String createBucket(String name) throws Exception {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + s3proxy.getPort() + "/" + name))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IllegalStateException("bucket not created: " + created.statusCode() + " " + created.body());
        }
        return name;
    }

    /** Requests that carried the role's session credentials and were forwarded. */
    public int accepted() {
        return accepted.get();
    }

    /** Requests refused for their credentials, each as "METHOD path: reason". */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            String refusal = credentialsProblem(exchange);
            if (refusal != null) {
                refused.add(method + " " + uri.getPath() + ": " + refusal);
                byte[] body = ("<Error><Code>AccessDenied</Code><Message>" + refusal + "</Message></Error>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(403, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            accepted.incrementAndGet();
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder upstream = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s3proxy.getPort()
                            + uri.getRawPath() + withoutToken(uri.getRawQuery())))
                    .method(method, requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> upstream.header(name, v));
                }
            });
            HttpResponse<byte[]> answer = client.send(upstream.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("transfer-encoding") && !lower.equals(":status")
                        && (!lower.equals("content-length") || method.equals("HEAD"))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] body = answer.body();
            boolean empty = method.equals("HEAD") || body.length == 0;
            exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : body.length);
            if (!empty) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why S3 would refuse the request's credentials, or null when they are the role's. */
    private String credentialsProblem(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String query = exchange.getRequestURI().getRawQuery();
        String credential;
        String token;
        if (authorization != null) {
            int at = authorization.indexOf("Credential=");
            credential = at < 0 ? "" : authorization.substring(at + "Credential=".length());
            token = exchange.getRequestHeaders().getFirst("x-amz-security-token");
        } else {
            credential = queryParameter(query, "X-Amz-Credential");
            token = queryParameter(query, "X-Amz-Security-Token");
        }
        if (credential == null || !credential.startsWith(accessKey + "/")) {
            return "not signed with the role's access key";
        }
        if (!sessionToken.equals(token)) {
            return "the security token is missing or not the role's";
        }
        return null;
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String withoutToken(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        String kept = List.of(rawQuery.split("&")).stream()
                .filter(p -> !p.startsWith("X-Amz-Security-Token=")).collect(Collectors.joining("&"));
        return kept.isEmpty() ? "" : "?" + kept;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            s3proxy.stop();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
