package io.sheetflow.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.event.ClientMessage;
import io.sheetflow.event.ControlFrames;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.EventTypes;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.security.Caller;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.TokenAuthenticator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The API Gateway WebSocket API's routes. {@code $connect?chat_id=...&token=...} authenticates the token (or an
 * {@code Authorization: Bearer} header) and checks the conversation like the local {@code /chat/{chat_id}}
 * endpoint, then records the connection; {@code $disconnect} forgets it; {@code $default} answers the client
 * messages of the local endpoint (ping, subscribe, resume, anything else acknowledged) through PostToConnection.
 * API Gateway cannot send to a connection before {@code $connect} has answered, so the replay a local client gets
 * with {@code ?since=} is asked for here with a {@code resume} message after the connection opened.
 */
@Singleton
@Requires(env = "lambda")
public class WebSocketRoutes {
    /** Events replayed per {@code resume} at most: a replay must end well within the function's 30 s. */
    static final int MAX_REPLAY = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketRoutes.class);
    /** Events read and sent per batch; the hold on live events is renewed before each. */
    static final int REPLAY_BATCH = 200;
    /** Renewed per batch, so a crashed replay holds live events back for at most this long after its last batch. */
    private static final Duration REPLAY_HOLD = Duration.ofSeconds(30);

    private final TokenAuthenticator authenticator;
    private final ConversationAccess access;
    private final WebSocketConnectionRepository connections;
    private final ConnectionSender sender;
    private final ApiGatewayFrames eventFrames;
    private final ControlFrames frames;
    private final EventLog log;
    private final LimitSettings limits;
    private final LambdaHousekeeping housekeeping;
    private final ObjectMapper mapper;
    /** A replay stops in time for the function's 30 s timeout and tells the client where to resume. */
    private final Duration replayTimeBudget;

    public WebSocketRoutes(TokenAuthenticator authenticator, ConversationAccess access,
                           WebSocketConnectionRepository connections, ConnectionSender sender,
                           ApiGatewayFrames eventFrames, ControlFrames frames, EventLog log, LimitSettings limits,
                           LambdaHousekeeping housekeeping, ObjectMapper mapper,
                           @Value("${sheetflow.websocket.replay-time-budget:20s}") Duration replayTimeBudget) {
        this.authenticator = authenticator;
        this.access = access;
        this.connections = connections;
        this.sender = sender;
        this.eventFrames = eventFrames;
        this.frames = frames;
        this.log = log;
        this.limits = limits;
        this.housekeeping = housekeeping;
        this.mapper = mapper;
        this.replayTimeBudget = replayTimeBudget;
    }

    public APIGatewayV2WebSocketResponse handle(APIGatewayV2WebSocketEvent event) {
        var context = event == null ? null : event.getRequestContext();
        if (context == null || context.getConnectionId() == null) {
            return status(400, "Not an API Gateway WebSocket event");
        }
        String type = context.getEventType() != null ? context.getEventType() : "";
        String route = context.getRouteKey() != null ? context.getRouteKey() : "";
        if (type.equals("CONNECT") || route.equals("$connect")) {
            return connect(context.getConnectionId(), event);
        }
        if (type.equals("DISCONNECT") || route.equals("$disconnect")) {
            connections.deleteById(context.getConnectionId());
            return status(200, null);
        }
        message(context.getConnectionId(), body(event));
        return status(200, null);
    }

    private APIGatewayV2WebSocketResponse connect(String connectionId, APIGatewayV2WebSocketEvent event) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        Optional<Caller> caller = authenticator.authenticate(token(event, query), request(event));
        if (caller.isEmpty()) {
            return status(401, "Unauthorized");
        }
        String chatId = query.get("chat_id");
        if (chatId == null || chatId.isBlank()) {
            return status(400, "chat_id is required");
        }
        Conversation conversation;
        try {
            conversation = access.require(caller.get(), chatId.strip());
        } catch (ApiException e) {
            return status(404, "Conversation not found");
        }
        if (connections.countByUserId(caller.get().userId()) >= limits.websocketConnectionsPerUser()) {
            return status(429, "Too many WebSocket connections: at most " + limits.websocketConnectionsPerUser());
        }
        Instant now = Instant.now();
        connections.save(new WebSocketConnection(connectionId, conversation.id(), caller.get().userId(),
                caller.get().admin(), now, now));
        housekeeping.sweepIfDue();
        return status(200, null);
    }

    private void message(String connectionId, String body) {
        WebSocketConnection connection = connections.findById(connectionId).orElse(null);
        if (connection == null) {
            post(connectionId, frames.frame(EventTypes.ERROR, "message", "Not connected; connect again"));
            sender.close(connectionId);
            return;
        }
        if (body.length() > limits.websocketMaxMessageBytes()) {
            post(connectionId, frames.frame(EventTypes.ERROR, "message",
                    "Message too large: at most " + limits.websocketMaxMessageBytes() + " bytes"));
            sender.close(connectionId);
            return;
        }
        connections.touch(connectionId, Instant.now());
        Caller caller = new Caller(connection.userId(), connection.admin());
        ClientMessage parsed = ClientMessage.parse(body, mapper);
        if (parsed instanceof ClientMessage.Ping) {
            post(connectionId, frames.frame(EventTypes.PONG));
        } else if (parsed instanceof ClientMessage.Subscribe subscribe) {
            subscribe(connectionId, caller, subscribe.chatId(), subscribe.since());
        } else if (parsed instanceof ClientMessage.Resume resume) {
            replay(connectionId, connection.conversationId(), resume.since());
        } else if (parsed instanceof ClientMessage.Other other) {
            post(connectionId, frames.frame(EventTypes.ACK, "original", other.original()));
        } else {
            post(connectionId, frames.frame(EventTypes.ERROR, "message", "Invalid JSON"));
        }
    }

    /** Like the local endpoint: a conversation that is not the caller's is "not found" and the old one stays. */
    private void subscribe(String connectionId, Caller caller, String chatId, long since) {
        Conversation conversation;
        try {
            conversation = access.require(caller, chatId);
        } catch (ApiException e) {
            post(connectionId, frames.frame(EventTypes.ERROR, "message", "Conversation not found", "chat_id", chatId));
            return;
        }
        if (since >= 0) {
            holdLive(connectionId);
        }
        connections.follow(connectionId, conversation.id(), Instant.now());
        long latest = log.latestSeq(conversation.id());
        long baseline = since >= 0 ? Math.min(since, latest) : latest;
        post(connectionId, frames.connected("chat_id", conversation.id().toString(), "seq", latest,
                "replay_from", since >= 0 ? baseline : null));
        if (since >= 0) {
            replayHeld(connectionId, conversation.id(), baseline);
        }
    }

    private void replay(String connectionId, UUID chatId, long since) {
        holdLive(connectionId);
        replayHeld(connectionId, chatId, since);
    }

    /**
     * Sends the logged events after {@code since} in order while live events are held back from the connection
     * (the hold renewed before every batch, so a long replay does not outlive it), then lets live events through
     * again and catches up on what was logged until that moment; anything later goes out live. An event can reach
     * the client twice around that moment, never not at all (clients drop a seq they already have). Only a replay
     * that stopped short of that moment (the event or time budget ran out) tells the client where to resume.
     */
    private void replayHeld(String connectionId, UUID chatId, long since) {
        long deadline = System.nanoTime() + replayTimeBudget.toNanos();
        Sent replayed;
        try {
            replayed = sendLog(connectionId, chatId, since, Long.MAX_VALUE, MAX_REPLAY, deadline, true);
        } finally {
            connections.holdLiveUntil(connectionId, null);
        }
        if (replayed.failed()) {
            return;
        }
        long liveFrom = log.latestSeq(chatId);
        Sent caughtUp = sendLog(connectionId, chatId, replayed.cursor(), liveFrom, REPLAY_BATCH, deadline, false);
        if (!caughtUp.failed() && caughtUp.cursor() < liveFrom) {
            post(connectionId, frames.frame(EventTypes.ERROR, "message", "Replay stopped after "
                    + (replayed.count() + caughtUp.count()) + " events; send resume with since=" + caughtUp.cursor()
                    + " for more", "resume_since", caughtUp.cursor()));
        }
    }

    /** Sends logged events after {@code since} up to seq {@code upTo}, at most {@code max}, until {@code deadline}. */
    private Sent sendLog(String connectionId, UUID chatId, long since, long upTo, int max, long deadline,
                         boolean renewHold) {
        long cursor = since;
        int sent = 0;
        while (sent < max && cursor < upTo && System.nanoTime() < deadline) {
            if (renewHold) {
                holdLive(connectionId);
            }
            List<StoredEvent> batch = log.since(chatId, cursor, Math.min(REPLAY_BATCH, max - sent));
            if (batch.isEmpty()) {
                break;
            }
            for (StoredEvent event : batch) {
                if (event.seq() > upTo) {
                    return new Sent(cursor, sent, false);
                }
                if (sender.send(connectionId, eventFrames.fit(event)) != ConnectionSender.Delivery.SENT) {
                    return new Sent(cursor, sent, true);
                }
                cursor = event.seq();
                sent++;
            }
        }
        return new Sent(cursor, sent, false);
    }

    /** Where a replay got to: the seq of the last event sent (or where it started), how many, and whether sending failed. */
    private record Sent(long cursor, int count, boolean failed) {
    }

    /** Live events skip the connection until the replay ends, or at the latest when this function's time is up. */
    private void holdLive(String connectionId) {
        connections.holdLiveUntil(connectionId, Instant.now().plus(REPLAY_HOLD));
    }

    private void post(String connectionId, String frame) {
        sender.send(connectionId, frame.getBytes(StandardCharsets.UTF_8));
    }

    private static String token(APIGatewayV2WebSocketEvent event, Map<String, String> query) {
        String authorization = header(event, "Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String token = query.get("token");
        return token == null ? null : token.strip();
    }

    private static String header(APIGatewayV2WebSocketEvent event, String name) {
        if (event.getHeaders() == null) {
            return null;
        }
        for (var entry : event.getHeaders().entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** What token validators get to look at: the connect request's path and headers. */
    private static HttpRequest<?> request(APIGatewayV2WebSocketEvent event) {
        MutableHttpRequest<?> request = HttpRequest.GET("/");
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> {
                if (name != null && value != null && !name.equalsIgnoreCase("Authorization")) {
                    request.header(name, value);
                }
            });
        }
        return request;
    }

    private static String body(APIGatewayV2WebSocketEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        if (event.isIsBase64Encoded()) {
            try {
                return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                LOG.debug("Undecodable binary message");
                return "";
            }
        }
        return body;
    }

    private static APIGatewayV2WebSocketResponse status(int statusCode, String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        if (body != null) {
            response.setBody(body);
        }
        return response;
    }
}
