package io.sheetflow.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.HttpExchange.Reply;
import io.sheetflow.support.JdkExchange;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The end-to-end check of a deployment, as a client sees it: create a conversation, upload a file through its upload
 * URL (presigned S3 on AWS), execute a workflow, watch its events over the WebSocket, download the output (following
 * a presigned redirect without the bearer token). The WebSocket URL may contain {@code {chat_id}} (the local
 * server's {@code /chat/{chat_id}}); otherwise the chat goes in the {@code chat_id} query parameter, as the API
 * Gateway WebSocket API expects. A {@code subscribe} message follows either way.
 */
public final class DeploymentSmoke {
    private static final byte[] CSV = "id,name,email\n1,Ann,ann@example.com\n2,Bob,bob@example.com\n"
            .getBytes(StandardCharsets.UTF_8);

    private final URI api;
    private final String webSocketUrl;
    private final String token;
    private final Consumer<String> log;

    public DeploymentSmoke(URI api, String webSocketUrl, String token, Consumer<String> log) {
        this.api = URI.create(api.toString().replaceAll("/$", "") + "/");
        this.webSocketUrl = webSocketUrl;
        this.token = token;
        this.log = log;
    }

    /** Runs the flow; throws {@link AssertionError} naming the step that failed. */
    public void run() throws Exception {
        long start = System.nanoTime();
        String chat = expect(201, call("POST", "api/v1/chat/workflows", null), "create a conversation")
                .data().get("chat_id").asText();
        step(start, "conversation " + chat);

        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        WebSocket socket = openSocket(chat, events);
        try {
            socket.sendText("{\"type\":\"subscribe\",\"chat_id\":\"" + chat + "\"}", true).join();
            step(start, "WebSocket connected");

            JsonNode ticket = expect(201, call("POST", "api/v1/chat/workflows/" + chat + "/uploads",
                    "{\"filename\": \"smoke.csv\", \"size\": " + CSV.length + "}"), "start the upload").data();
            Map<String, String> headers = new HashMap<>();
            ticket.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            Reply put = JdkExchange.sendTo(URI.create(ticket.get("upload_url").asText()), "PUT", headers, CSV);
            if (put.status() / 100 != 2) {
                throw new AssertionError("PUT to the upload URL answered " + put);
            }
            expect(201, call("POST", "api/v1/chat/workflows/" + chat + "/uploads/" + ticket.get("file_id").asText()
                    + "/complete", null), "complete the upload");
            step(start, "uploaded through " + URI.create(ticket.get("upload_url").asText()).getHost());

            String runId = expect(202, call("POST", "api/v1/chat/workflows/" + chat + "/execute",
                    "{\"steps\": [{\"operation\": \"csv/convert-to-excel\"}]}"), "execute").data().get("run_id").asText();
            step(start, "run " + runId + " accepted");
            awaitEvent(events, runId, "workflow_completed", Duration.ofMinutes(3));
            step(start, "workflow_completed received over the WebSocket");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        Reply download = call("GET", "api/v1/chat/workflows/" + chat + "/files/smoke_converted.xlsx", null);
        if (download.status() == 307) {
            download = JdkExchange.sendTo(URI.create(download.header("Location").orElseThrow()), "GET", Map.of(), null);
        }
        if (download.status() != 200 || download.body().length < 2 || download.body()[0] != 'P' || download.body()[1] != 'K') {
            throw new AssertionError("download of the output failed: " + download.status());
        }
        step(start, "downloaded smoke_converted.xlsx (" + download.body().length + " bytes)");
        call("DELETE", "api/v1/chat/workflows/" + chat, null);
    }

    private WebSocket openSocket(String chat, BlockingQueue<JsonNode> events) throws Exception {
        // The local server takes the chat in the path; the API Gateway WebSocket API routes no paths and takes it
        // as the chat_id query parameter (its $connect refuses a connection without one).
        String url = webSocketUrl.contains("{chat_id}") ? webSocketUrl.replace("{chat_id}", chat)
                : webSocketUrl + (webSocketUrl.contains("?") ? "&" : "?") + "chat_id=" + chat;
        url += (url.contains("?") ? "&" : "?") + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                events.add(ApiClient.JSON.readTree(text.toString()));
                            } catch (java.io.IOException ignored) {
                                // not JSON: not an event
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(15, TimeUnit.SECONDS);
    }

    private static void awaitEvent(BlockingQueue<JsonNode> events, String runId, String type, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            JsonNode event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && runId.equals(event.path("run_id").asText())) {
                if (type.equals(event.path("type").asText())) {
                    return;
                }
                if (event.path("type").asText().equals("workflow_failed")) {
                    throw new AssertionError("the run failed: " + event);
                }
            }
        }
        throw new AssertionError("no " + type + " event for run " + runId + " within " + timeout);
    }

    private Reply call(String method, String path, String json) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        return JdkExchange.sendTo(api.resolve(path), method, headers, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply expect(int status, Reply reply, String what) {
        if (reply.status() != status) {
            throw new AssertionError(what + ": expected " + status + ", got " + reply);
        }
        return reply;
    }

    private void step(long start, String what) {
        log.accept(String.format(java.util.Locale.ROOT, "[smoke] %6d ms  %s", (System.nanoTime() - start) / 1_000_000, what));
    }
}
