package io.sheetflow.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny local stand-in for the Secrets Manager endpoint: answers the AWS JSON protocol's GetSecretValue with
 * the secrets it holds (404-style ResourceNotFoundException otherwise) and records the requests.
 */
public final class SecretsManagerStub implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> secrets;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public SecretsManagerStub(Map<String, String> secrets) {
        this.secrets = secrets;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(target + " " + body);
            String id = ApiClient.JSON.readTree(body).path("SecretId").asText();
            String secret = secrets.get(id);
            int status;
            String answer;
            if ("secretsmanager.GetSecretValue".equals(target) && secret != null) {
                status = 200;
                answer = ApiClient.JSON.writeValueAsString(Map.of("ARN", id, "Name", "db", "SecretString", secret,
                        "VersionId", "v1"));
            } else {
                status = 400;
                answer = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}";
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
