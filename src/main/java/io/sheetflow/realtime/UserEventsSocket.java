package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import io.sheetflow.event.EventTypes;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.OriginCheck;

/** {@code /events}: run status changes of all the caller's conversations, for list views. */
@ServerWebSocket("/events")
@Requires(notEnv = "lambda")
public class UserEventsSocket {
    private static final String CALLER = "sheetflow.caller";
    private static final String LIMITS = "sheetflow.limits";

    private final LocalEventHub hub;
    private final CallerResolver callers;
    private final SocketFrames frames;
    private final OriginCheck originCheck;
    private final LimitSettings limits;

    public UserEventsSocket(LocalEventHub hub, CallerResolver callers, SocketFrames frames, OriginCheck originCheck,
                            LimitSettings limits) {
        this.hub = hub;
        this.callers = callers;
        this.frames = frames;
        this.originCheck = originCheck;
        this.limits = limits;
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        Caller caller = callers.resolve(request);
        String refused = originCheck.allowed(request) ? hub.admit(session, caller.userId()) : "Origin not allowed";
        if (refused != null) {
            session.sendSync(frames.frame(EventTypes.ERROR, "message", refused));
            session.close(CloseReason.POLICY_VIOLATION);
            return;
        }
        session.put(CALLER, caller);
        session.put(LIMITS, new InboundLimits(limits));
        hub.addUserStream(caller.userId(), session);
        session.sendAsync(frames.frame(EventTypes.CONNECTED, "user", caller.userId()));
    }

    @OnMessage
    public void onMessage(String message, WebSocketSession session) {
        String problem = session.get(LIMITS, InboundLimits.class).map(l -> l.check(message)).orElse(null);
        if (problem != null) {
            session.sendAsync(frames.frame(EventTypes.ERROR, "message", problem));
            session.close(problem.startsWith("Message too large") ? CloseReason.MESSAGE_TO_BIG : CloseReason.POLICY_VIOLATION);
            return;
        }
        if (!session.isOpen()) {
            return;
        }
        String text = message.strip();
        if (text.equalsIgnoreCase("ping") || text.replace(" ", "").equals("{\"type\":\"ping\"}")) {
            session.sendAsync(frames.frame(EventTypes.PONG));
        } else {
            session.sendAsync(frames.frame(EventTypes.ACK));
        }
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        session.get(CALLER, Caller.class).ifPresent(c -> {
            hub.removeUserStream(c.userId(), session);
            hub.release(session, c.userId());
        });
    }
}
