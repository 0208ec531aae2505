package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import jakarta.inject.Provider;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test stand-in for the API Gateway WebSocket API (docs/aws.md) on the test server: one URL with
 * {@code ?chat_id=&token=}, nothing sent before the client speaks, {@code since} in the URL ignored; a
 * {@code subscribe} or {@code resume} message starts the replay and live events, taken from the real server's
 * {@code /chat/{id}} endpoint. It records what clients sent, so a test can tell which protocol a page spoke.
 */
@Requires(property = "sheetflow.test.api-gateway-stand-in", value = "true")
@ServerWebSocket("/test-api-gateway/prod")
public class ApiGatewayStandIn {
    private static final String CHAT = "standin.chat";
    private static final String TOKEN = "standin.token";
    private static final String UPSTREAM = "standin.upstream";

    private final Provider<EmbeddedServer> server;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Every message a client sent, in order. */
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** The query string of every connection. */
    final List<String> connections = new CopyOnWriteArrayList<>();

    public ApiGatewayStandIn(Provider<EmbeddedServer> server, ObjectMapper mapper) {
        this.server = server;
        this.mapper = mapper;
    }

    @OnOpen
    public void open(WebSocketSession session) {
        String chat = session.getRequestParameters().get("chat_id");
        connections.add(String.valueOf(session.getRequestURI().getRawQuery()));
        if (chat == null || chat.isBlank()) {
            session.close(new CloseReason(1008, "chat_id is required"));
            return;
        }
        session.put(CHAT, chat);
        session.put(TOKEN, session.getRequestParameters().get("token"));
    }

    @OnMessage
    public void message(String text, WebSocketSession session) throws IOException {
        JsonNode message = mapper.readTree(text);
        received.add(message);
        String type = message.path("type").asText();
        if (type.equals("ping")) {
            session.sendSync("{\"type\":\"pong\"}");
        } else if (type.equals("subscribe") || type.equals("resume")) {
            String chat = type.equals("subscribe") ? message.path("chat_id").asText(session.get(CHAT, String.class).orElse(""))
                    : session.get(CHAT, String.class).orElse("");
            relay(session, chat, message.path("since").asLong(0));
        }
    }

    @OnClose
    public void close(WebSocketSession session) {
        session.get(UPSTREAM, WebSocket.class).ifPresent(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "client left"));
    }

    /** Replays and then streams the conversation's events from the real endpoint to this connection. */
    private void relay(WebSocketSession session, String chat, long since) {
        session.get(UPSTREAM, WebSocket.class).ifPresent(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "resubscribed"));
        String token = session.get(TOKEN, String.class).orElse("");
        URI uri = URI.create("ws://127.0.0.1:" + server.get().getPort() + "/chat/" + chat + "?since=" + since
                + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        WebSocket upstream = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder frame = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                frame.append(data);
                if (last && session.isOpen()) {
                    session.sendSync(frame.toString());
                    frame.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).join();
        session.put(UPSTREAM, upstream);
    }
}
