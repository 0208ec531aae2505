package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.sheetflow.event.ControlFrames;
import io.sheetflow.event.EventTypes;
import io.sheetflow.security.Caller;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.OriginCheck;
import jakarta.inject.Singleton;

/** What every WebSocket endpoint checks: origin and connection caps on open, size and rate per message. */
@Singleton
@Requires(notEnv = "lambda")
class SocketGate {
    static final String CALLER = "sheetflow.caller";
    private static final String LIMITS = "sheetflow.limits";

    private final LocalEventHub hub;
    private final OriginCheck originCheck;
    private final LimitSettings limits;
    private final ControlFrames frames;

    SocketGate(LocalEventHub hub, OriginCheck originCheck, LimitSettings limits, ControlFrames frames) {
        this.hub = hub;
        this.originCheck = originCheck;
        this.limits = limits;
        this.frames = frames;
    }

    /** Admits the session (remembering its caller) or sends an error and closes it with 1008. */
    boolean admit(WebSocketSession session, HttpRequest<?> request, Caller caller) {
        String refused = originCheck.allowed(request) ? hub.admit(session, caller.userId()) : "Origin not allowed";
        if (refused != null) {
            session.sendSync(frames.frame(EventTypes.ERROR, "message", refused));
            session.close(CloseReason.POLICY_VIOLATION);
            return false;
        }
        session.put(CALLER, caller);
        session.put(LIMITS, new InboundLimits(limits));
        return true;
    }

    /** Whether the message may be handled; otherwise an error was sent and the session closed (1009 or 1008). */
    boolean accept(WebSocketSession session, String message) {
        hub.messageReceived();
        InboundLimits inbound = session.get(LIMITS, InboundLimits.class).orElse(null);
        String problem = inbound == null ? "Not admitted" : inbound.check(message);
        if (problem == null) {
            return true;
        }
        if (session.isOpen()) {
            session.sendAsync(frames.frame(EventTypes.ERROR, "message", problem));
            session.close(problem.startsWith("Message too large") ? CloseReason.MESSAGE_TO_BIG : CloseReason.POLICY_VIOLATION);
        }
        return false;
    }

    /** Answers a client message of a stream that takes no commands: pong to a ping, ack to anything else. */
    void answer(WebSocketSession session, String message) {
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

    /** Releases an admitted session's connection slots. */
    void release(WebSocketSession session) {
        session.get(CALLER, Caller.class).ifPresent(c -> hub.release(session, c.userId()));
    }
}
