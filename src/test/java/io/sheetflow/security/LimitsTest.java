package io.sheetflow.security;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class LimitsTest extends ServerTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "sheetflow.limits.uploads-per-minute", "3",
                "sheetflow.limits.runs-per-minute", "1000",
                "sheetflow.limits.active-runs-per-user", "1",
                "sheetflow.limits.websocket-connections-per-user", "2",
                "sheetflow.limits.websocket-max-message-bytes", "1024",
                "sheetflow.limits.websocket-messages-per-second", "10",
                "sheetflow.test.stopped-message-clock", "true",
                "sheetflow.limits.max-json-bytes", "4096",
                "sheetflow.limits.max-json-depth", "20",
                "sheetflow.cors.allowed-origins", "https://app.example.com");
    }

    private ApiClient user(String name) {
        Answer created = api().post("/api/v1/admin/api-keys", "{\"user\":\"" + name + "\"}");
        return api().withToken(created.data().get("api_key").asText());
    }

    @Test
    void uploadsBeyondTheRate_get429WithRetryAfter_perUser() {
        ApiClient erin = user("erin");
        String chat = erin.createChat();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, erin.upload(chat, "f" + i + ".csv", "a\n1\n".getBytes()).status());
        }
        Answer limited = erin.upload(chat, "f4.csv", "a\n1\n".getBytes());
        assertEquals(429, limited.status());
        assertEquals(429, limited.body().get("status_code").asInt());
        assertTrue(limited.message().startsWith("Too many uploads"), limited.message());
        long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, String.valueOf(retryAfter));
        assertEquals(3, erin.get("/api/v1/chat/workflows/" + chat + "/files").data().get("count").asInt());

        ApiClient frank = user("frank");
        assertEquals(200, frank.upload(frank.createChat(), "ok.csv", "a\n1\n".getBytes()).status(), "limits are per user");
    }

    @Test
    void activeRunsPerUser_areCapped() {
        ApiClient gina = user("gina");
        String chat = gina.createChat();
        gina.upload(chat, "big.csv", Csv.people(dataDir, 200_000));
        String steps = "{\"steps\":[{\"operation\":\"csv/convert-to-excel\"}]}";
        String first = gina.post("/api/v1/chat/workflows/" + chat + "/execute", steps).data().get("run_id").asText();
        Answer second = gina.post("/api/v1/chat/workflows/" + chat + "/execute", steps);
        assertEquals(429, second.status(), second.body().toString());
        assertTrue(second.message().startsWith("Too many active runs"));
        gina.post("/api/v1/chat/workflows/" + chat + "/runs/" + first + "/cancel", null);
    }

    @Test
    void webSocketsPerUser_areCapped() {
        ApiClient hank = user("hank");
        String chat = hank.createChat();
        try (TestSocket a = TestSocket.connect(server.getURI(), "/chat/" + chat, hank.token());
             TestSocket b = TestSocket.connect(server.getURI(), "/events", hank.token())) {
            a.awaitType("connected");
            b.awaitType("connected");
            try (TestSocket third = TestSocket.connect(server.getURI(), "/chat/" + chat, hank.token())) {
                assertEquals("Maximum connections per user reached", third.awaitType("error").get("message").asText());
                assertEquals(1008, third.awaitClose());
            }
            try (TestSocket otherUser = socket("/chat/" + api().createChat())) {
                otherUser.awaitType("connected");
            }
        }
    }

    @Test
    void oversizedWebSocketMessage_closesWith1009_andFloodsCloseWith1008() {
        String chat = api().createChat();
        try (TestSocket big = socket("/chat/" + chat)) {
            big.awaitType("connected");
            big.send("{\"type\":\"x\",\"pad\":\"" + "y".repeat(2000) + "\"}");
            assertTrue(big.awaitType("error").get("message").asText().startsWith("Message too large"));
            assertEquals(1009, big.awaitClose());
        }
        try (TestSocket flood = socket("/chat/" + chat)) {
            flood.awaitType("connected");
            // Time stands still here (StoppedMessageClock): the 11th message is over the limit however slowly it is
            // sent. No more than that: the server closes at once, and frames still arriving would reset the connection.
            for (int i = 0; i < 11; i++) {
                flood.send("ping");
            }
            assertTrue(flood.awaitType("error").get("message").asText().startsWith("Too many messages"));
            assertEquals(1008, flood.awaitClose());
        }
        assertEquals(200, api().get("/api/v1/health").status());
    }

    @Test
    void oversizedAndDeeplyNestedJson_areRefusedWith4xx() {
        String chat = api().createChat();
        Answer tooLarge = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\":[{\"operation\":\"csv/info\",\"arguments\":{\"x\":\"" + "z".repeat(10_000) + "\"}}]}");
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.message().startsWith("JSON body too large"));

        String nested = "[".repeat(100) + "]".repeat(100);
        Answer deep = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\":[{\"operation\":\"csv/info\",\"arguments\":{\"a\":" + nested + "}}]}");
        assertEquals(400, deep.status(), deep.body().toString());
        assertFalse(deep.message().contains("at com.fasterxml"), "no stack trace");
        assertEquals(200, api().get("/api/v1/health").status());
    }

    @Test
    void malformedMultipart_isA4xx_andTheServerStaysHealthy() {
        String chat = api().createChat();
        Answer answer = api().send(HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows/" + chat + "/upload"))
                .header("Content-Type", "multipart/form-data; boundary=XYZ")
                .POST(HttpRequest.BodyPublishers.ofString("--XYZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end")));
        assertTrue(answer.status() >= 400 && answer.status() < 500, answer.status() + " " + answer.body());
        assertEquals(0, api().get("/api/v1/chat/workflows/" + chat + "/files").data().get("count").asInt());
        assertEquals(200, api().get("/api/v1/health").status());
    }

    @Test
    void webSocketFromAForeignOrigin_isRefused_ownAndConfiguredOriginsAreAccepted() throws Exception {
        String chat = api().createChat();
        // Refused either at the handshake (403 from the CORS filter) or, behind it, by our own Origin check.
        try {
            assertEquals("Origin not allowed", originSocket(chat, "https://evil.example").get(10, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException refused) {
            var handshake = org.junit.jupiter.api.Assertions.assertInstanceOf(java.net.http.WebSocketHandshakeException.class,
                    refused.getCause());
            assertEquals(403, handshake.getResponse().statusCode());
        }
        assertEquals("connected", originSocket(chat, "https://app.example.com").get(10, TimeUnit.SECONDS));
    }

    @Test
    void cors_answersOnlyConfiguredOrigins() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String origin : new String[]{"https://app.example.com", "https://evil.example"}) {
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", origin).header("Access-Control-Request-Method", "POST").build(),
                    HttpResponse.BodyHandlers.ofString());
            String allowed = preflight.headers().firstValue("Access-Control-Allow-Origin").orElse("");
            if (origin.contains("evil")) {
                assertEquals("", allowed, "no CORS grant for an unknown origin");
            } else {
                assertEquals(origin, allowed);
            }
        }
    }

    /** Opens a WebSocket with an Origin header; completes with the first frame's type, or the error message. */
    private CompletableFuture<String> originSocket(String chat, String origin) {
        CompletableFuture<String> first = new CompletableFuture<>();
        URI uri = URI.create(server.getURI().toString().replaceFirst("^http", "ws") + "/chat/" + chat + "?token=" + adminToken);
        HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        try {
                            var frame = ApiClient.JSON.readTree(data.toString());
                            first.complete(frame.get("type").asText().equals("error")
                                    ? frame.get("message").asText() : frame.get("type").asText());
                        } catch (Exception e) {
                            first.completeExceptionally(e);
                        }
                        webSocket.abort();
                        return null;
                    }
                }).whenComplete((socket, failure) -> {
                    if (failure != null) {
                        first.completeExceptionally(failure);
                    }
                });
        return first;
    }
}
