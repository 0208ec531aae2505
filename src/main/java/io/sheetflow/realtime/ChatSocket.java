package io.sheetflow.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.event.ClientMessage;
import io.sheetflow.event.ControlFrames;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.EventTypes;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code /chat/{chat_id}[?since=N]}: live events of one conversation, with replay from the log.
 * Database work runs on the blocking pool, one task at a time per session, never on the event loop.
 */
@ServerWebSocket("/chat/{chatId}")
@Requires(notEnv = "lambda")
public class ChatSocket {
    static final CloseReason NOT_FOUND = new CloseReason(4404, "Conversation not found");
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);
    private static final String SUBSCRIPTION = "sheetflow.subscription";
    private static final String CALLER = SocketGate.CALLER;
    private static final int REPLAY_BATCH = 1000;

    private final LocalEventHub hub;
    private final EventLog log;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final ControlFrames frames;
    private final ObjectMapper mapper;
    private final SocketGate gate;

    public ChatSocket(LocalEventHub hub, EventLog log, ConversationAccess access, CallerResolver callers,
                      ControlFrames frames, ObjectMapper mapper, SocketGate gate) {
        this.hub = hub;
        this.log = log;
        this.access = access;
        this.callers = callers;
        this.frames = frames;
        this.mapper = mapper;
        this.gate = gate;
    }

    @OnOpen
    public void onOpen(String chatId, WebSocketSession session, HttpRequest<?> request) {
        Caller caller = callers.resolve(request);
        if (!gate.admit(session, request, caller)) {
            return;
        }
        Long since = parseSince(session.getRequestParameters().get("since"));
        gate.whenAdmitted(session, () -> {
            if (!subscribe(session, caller, chatId, since == null ? -1 : since)) {
                session.close(NOT_FOUND);
            }
        });
    }

    @OnMessage
    public void onMessage(String message, WebSocketSession session) {
        SerialExecutor serial = gate.serial(session);
        if (serial == null) {
            return;
        }
        if (!gate.accept(session, message)) {
            return;
        }
        serial.execute(() -> handle(message.strip(), session));
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        session.get(SUBSCRIPTION, ChatSubscription.class).ifPresent(hub::unsubscribe);
        gate.release(session);
    }

    private void handle(String message, WebSocketSession session) {
        if (!session.isOpen()) {
            return;
        }
        try {
            respond(message, session);
        } catch (io.micronaut.websocket.exceptions.WebSocketSessionException closedMeanwhile) {
            LOG.debug("Session {} closed while answering", session.getId());
        }
    }

    private void respond(String message, WebSocketSession session) {
        Caller caller = session.get(CALLER, Caller.class).orElseThrow();
        ClientMessage parsed = ClientMessage.parse(message, mapper);
        if (parsed instanceof ClientMessage.Ping) {
            session.sendAsync(frames.frame(EventTypes.PONG));
        } else if (parsed instanceof ClientMessage.Subscribe subscribe) {
            subscribe(session, caller, subscribe.chatId(), subscribe.since());
        } else if (parsed instanceof ClientMessage.Resume resume) {
            session.get(SUBSCRIPTION, ChatSubscription.class).ifPresentOrElse(
                    s -> replay(s, resume.since()),
                    () -> session.sendAsync(frames.frame(EventTypes.ERROR, "message", "Not subscribed to a conversation")));
        } else if (parsed instanceof ClientMessage.Other other) {
            session.sendAsync(frames.frame(EventTypes.ACK, "original", other.original()));
        } else {
            session.sendAsync(frames.frame(EventTypes.ERROR, "message", "Invalid JSON"));
        }
    }

    /**
     * Subscribes the session to a conversation (replacing any earlier one). With {@code since >= 0}, replays
     * the log after it first.
     *
     * @return false when the conversation does not exist or is not the caller's (an error frame was sent)
     */
    private boolean subscribe(WebSocketSession session, Caller caller, String chatId, long since) {
        Conversation conversation;
        try {
            conversation = access.require(caller, chatId);
        } catch (ApiException e) {
            session.sendAsync(frames.frame(EventTypes.ERROR, "message", "Conversation not found", "chat_id", chatId));
            return false;
        }
        session.get(SUBSCRIPTION, ChatSubscription.class).ifPresent(hub::unsubscribe);
        ChatSubscription subscription = new ChatSubscription(session, conversation.id(), conversation.owner(), hub::eventSent);
        session.put(SUBSCRIPTION, subscription);
        // Register with live events held back, then read the baseline: every event after it is either
        // replayed from the log or delivered live after registration, so nothing falls in between.
        subscription.holdLive();
        hub.subscribe(subscription);
        long latest = log.latestSeq(conversation.id());
        long baseline = since >= 0 ? Math.min(since, latest) : latest;
        subscription.baseline(baseline);
        session.sendAsync(frames.connected("chat_id", conversation.id().toString(), "seq", latest,
                "replay_from", since >= 0 ? baseline : null));
        if (since >= 0) {
            sendLog(subscription, baseline);
        }
        subscription.finishReplay();
        return true;
    }

    private void replay(ChatSubscription subscription, long since) {
        subscription.holdLive();
        subscription.baseline(since);
        sendLog(subscription, since);
        subscription.finishReplay();
    }

    private void sendLog(ChatSubscription subscription, long since) {
        long cursor = since;
        try {
            while (true) {
                List<StoredEvent> batch = log.since(subscription.chatId(), cursor, REPLAY_BATCH);
                batch.forEach(subscription::replayed);
                if (batch.size() < REPLAY_BATCH) {
                    return;
                }
                cursor = batch.get(batch.size() - 1).seq();
            }
        } catch (RuntimeException e) {
            LOG.warn("Replay for conversation {} failed", subscription.chatId(), e);
            subscription.session().sendAsync(frames.frame(EventTypes.ERROR, "message", "Replay failed; resume again"));
        }
    }

    private static Long parseSince(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(raw.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
