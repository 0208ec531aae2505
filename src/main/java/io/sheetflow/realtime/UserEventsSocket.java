package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import io.sheetflow.event.ControlFrames;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;

/** {@code /events}: run status changes of all the caller's conversations, for list views. */
@ServerWebSocket("/events")
@Requires(notEnv = "lambda")
public class UserEventsSocket {
    private static final String CALLER = SocketGate.CALLER;

    private final LocalEventHub hub;
    private final CallerResolver callers;
    private final ControlFrames frames;
    private final SocketGate gate;

    public UserEventsSocket(LocalEventHub hub, CallerResolver callers, ControlFrames frames, SocketGate gate) {
        this.hub = hub;
        this.callers = callers;
        this.frames = frames;
        this.gate = gate;
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        Caller caller = callers.resolve(request);
        if (!gate.admit(session, request, caller)) {
            return;
        }
        gate.whenAdmitted(session, () -> {
            hub.addUserStream(caller.userId(), session);
            session.sendAsync(frames.connected("user", caller.userId()));
        });
    }

    @OnMessage
    public void onMessage(String message, WebSocketSession session) {
        if (gate.accept(session, message)) {
            gate.answer(session, message);
        }
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        SerialExecutor serial = gate.serial(session);
        session.get(CALLER, Caller.class).ifPresent(c -> {
            if (serial != null) {
                serial.execute(() -> hub.removeUserStream(c.userId(), session)); // after its whenAdmitted task
            }
        });
        gate.release(session);
    }
}
