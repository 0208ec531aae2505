package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import io.sheetflow.admin.DashboardStream;
import io.sheetflow.event.ControlFrames;
import io.sheetflow.event.EventTypes;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;

/** {@code /admin/stream}: the admin dashboard's snapshots, pushed when a figure changes; admins only. */
@ServerWebSocket("/admin/stream")
@Requires(notEnv = "lambda")
public class AdminStreamSocket {
    static final String NOT_ADMIN = "Forbidden: the admin stream needs an admin's token";
    static final CloseReason FORBIDDEN = new CloseReason(4403, "Forbidden: admins only");

    private final DashboardStream stream;
    private final CallerResolver callers;
    private final ControlFrames frames;
    private final SocketGate gate;

    public AdminStreamSocket(DashboardStream stream, CallerResolver callers, ControlFrames frames, SocketGate gate) {
        this.stream = stream;
        this.callers = callers;
        this.frames = frames;
        this.gate = gate;
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        Caller caller = callers.resolve(request);
        if (!caller.admin()) {
            session.sendAsync(frames.frame(EventTypes.ERROR, "message", NOT_ADMIN))
                    .whenComplete((sent, failed) -> session.close(FORBIDDEN)); // closes also when the client left
            return;
        }
        if (!gate.admit(session, request, caller)) {
            return;
        }
        session.sendAsync(frames.connected("stream", "admin", "user", caller.userId()));
        stream.subscribe(session);
    }

    @OnMessage
    public void onMessage(String message, WebSocketSession session) {
        if (gate.accept(session, message)) {
            gate.answer(session, message);
        }
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        stream.unsubscribe(session);
        gate.release(session);
    }
}
