package io.sheetflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** A real HTTP client (the JDK's) speaking to the running server, with helpers for our envelope. */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A client that sends {@code Authorization: Bearer <token>} (none when token is null). */
    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public ApiClient withToken(String otherToken) {
        return new ApiClient(base, otherToken);
    }

    public String token() {
        return token;
    }

    public URI base() {
        return base;
    }

    public record Answer(int status, JsonNode body, HttpResponse<byte[]> raw) {
        public JsonNode data() {
            return body.get("data");
        }

        public String message() {
            return body.path("message").asText();
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET());
    }

    public Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer patch(String path, String json) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).DELETE());
    }

    public String createChat() {
        Answer created = post("/api/v1/chat/workflows", null);
        if (created.status() != 201) {
            throw new IllegalStateException("create failed: " + created.body());
        }
        return created.data().get("chat_id").asText();
    }

    public Answer upload(String chatId, String fileName, byte[] content) {
        return upload(chatId, "file", fileName, () -> new java.io.ByteArrayInputStream(content));
    }

    public Answer upload(String chatId, String fileName, Path file) {
        return upload(chatId, "file", fileName, () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Sends the file as the raw request body ({@code application/octet-stream}, name in {@code ?filename=}). */
    public Answer uploadRaw(String chatId, String fileName, Path file) {
        try {
            return send(HttpRequest.newBuilder(resolve("/api/v1/chat/workflows/" + chatId + "/upload?filename="
                            + java.net.URLEncoder.encode(fileName, StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams a multipart body (never held in memory) with one file part. */
    public Answer upload(String chatId, String field, String fileName, java.util.function.Supplier<InputStream> content) {
        return postFileStream("/api/v1/chat/workflows/" + chatId + "/upload", field, fileName, content);
    }

    /** Streams a multipart body (never held in memory) with one file part to {@code path}. */
    public Answer postFileStream(String path, String field, String fileName, java.util.function.Supplier<InputStream> content) {
        String boundary = "----sheetflow" + UUID.randomUUID().toString().replace("-", "");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                Collections.enumeration(List.of(new java.io.ByteArrayInputStream(head), content.get(),
                        new java.io.ByteArrayInputStream(tail)))));
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body));
    }

    /** One part of a multipart form: a file when {@code fileName} is set, else a text field. */
    public record Part(String name, String fileName, byte[] content) {
        public static Part file(String name, String fileName, byte[] content) {
            return new Part(name, fileName, content);
        }

        public static Part file(String name, Path file) {
            try {
                return new Part(name, file.getFileName().toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static Part field(String name, String value) {
            return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Posts a multipart form with the given parts, in order. */
    public Answer postForm(String path, Part... parts) {
        String boundary = "----sheetflow" + UUID.randomUUID().toString().replace("-", "");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Part part : parts) {
            String disposition = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.fileName() == null ? "\r\n\r\n"
                    : "; filename=\"" + part.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(disposition.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    public HttpResponse<byte[]> download(String urlOrPath) {
        try {
            return http.send(authorised(HttpRequest.newBuilder(resolve(urlOrPath))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET with extra request headers, given as name, value, name, value... */
    public HttpResponse<byte[]> download(String urlOrPath, String... headerNamesAndValues) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(urlOrPath)).GET();
        for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
            request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        try {
            return http.send(authorised(request).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<Path> downloadTo(String urlOrPath, Path target) {
        try {
            return http.send(authorised(HttpRequest.newBuilder(resolve(urlOrPath))).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(authorised(request).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder request) {
        return token == null ? request : request.setHeader("Authorization", "Bearer " + token);
    }

    private URI resolve(String pathOrUrl) {
        return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
    }
}
