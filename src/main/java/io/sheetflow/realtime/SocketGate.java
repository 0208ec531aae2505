package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.sheetflow.event.ControlFrames;
import io.sheetflow.event.EventTypes;
import io.sheetflow.security.Caller;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.OriginCheck;
import io.sheetflow.security.SharedLimitCounters;
import io.sheetflow.workflow.WorkerName;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;

/**
 * What every WebSocket endpoint checks: origin and connection caps on open, size and rate per message. Each
 * admitted session gets a {@link SerialExecutor} for its database work. With {@code sheetflow.limits.store:
 * database} the per-user connection cap is also counted in the database for all instances, on that executor
 * (never on the event loop), before the endpoint's own work for the session starts ({@link #whenAdmitted}).
 */
@Singleton
@Requires(notEnv = "lambda")
class SocketGate {
    static final String CALLER = "sheetflow.caller";
    private static final Logger LOG = LoggerFactory.getLogger(SocketGate.class);
    private static final String LIMITS = "sheetflow.limits";
    private static final String SERIAL = "sheetflow.serial";
    private static final String SHARED_SLOT = "sheetflow.shared-slot";
    private static final String PER_USER_REFUSAL = "Maximum connections per user reached";

    private final LocalEventHub hub;
    private final OriginCheck originCheck;
    private final LimitSettings limits;
    private final ControlFrames frames;
    private final SharedLimitCounters counters;
    private final WorkerName instance;
    private final ExecutorService blocking;
    private final MessageClock clock;

    SocketGate(LocalEventHub hub, OriginCheck originCheck, LimitSettings limits, ControlFrames frames,
               SharedLimitCounters counters, WorkerName instance, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
               MessageClock clock) {
        this.hub = hub;
        this.originCheck = originCheck;
        this.limits = limits;
        this.frames = frames;
        this.counters = counters;
        this.instance = instance;
        this.blocking = blocking;
        this.clock = clock;
    }

    /** Admits the session (remembering its caller) or sends an error and closes it with 1008. */
    boolean admit(WebSocketSession session, HttpRequest<?> request, Caller caller) {
        String refused = originCheck.allowed(request) ? hub.admit(session, caller.userId()) : "Origin not allowed";
        if (refused != null) {
            refuse(session, refused);
            return false;
        }
        session.put(CALLER, caller);
        session.put(LIMITS, new InboundLimits(limits, clock));
        SerialExecutor serial = new SerialExecutor(blocking);
        session.put(SERIAL, serial);
        if (limits.sharedInDatabase()) {
            SharedSlot slot = new SharedSlot();
            session.put(SHARED_SLOT, slot);
            serial.execute(() -> acquireShared(session, caller, slot));
        }
        return true;
    }

    /** The admitted session's executor: its tasks run one at a time, in order, off the event loop. */
    SerialExecutor serial(WebSocketSession session) {
        return session.get(SERIAL, SerialExecutor.class).orElse(null);
    }

    /** Runs {@code task} on the session's executor once the shared cap let it in (and while it is open). */
    void whenAdmitted(WebSocketSession session, Runnable task) {
        SerialExecutor serial = serial(session);
        if (serial == null) {
            return;
        }
        serial.execute(() -> {
            SharedSlot slot = session.get(SHARED_SLOT, SharedSlot.class).orElse(null);
            if ((slot == null || slot.held) && session.isOpen()) {
                task.run();
            }
        });
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

    /** Releases an admitted session's connection slots (the shared one after its acquisition, in order). */
    void release(WebSocketSession session) {
        session.get(CALLER, Caller.class).ifPresent(c -> {
            hub.release(session, c.userId());
            SharedSlot slot = session.get(SHARED_SLOT, SharedSlot.class).orElse(null);
            SerialExecutor serial = serial(session);
            if (slot != null && serial != null) {
                serial.execute(() -> releaseShared(c, slot));
            }
        });
    }

    private void acquireShared(WebSocketSession session, Caller caller, SharedSlot slot) {
        try {
            slot.held = counters.acquire(caller.userId(), SharedLimitCounters.WEBSOCKET_CONNECTIONS, instance.name(), limits.websocketConnectionsPerUser());
        } catch (RuntimeException e) {
            LOG.warn("Could not count the connection of {} in the database ({})", caller.userId(), e.toString());
            refuse(session, "Connections cannot be counted right now; try again");
            return;
        }
        if (!slot.held) {
            refuse(session, PER_USER_REFUSAL);
        }
    }

    private void releaseShared(Caller caller, SharedSlot slot) {
        if (!slot.held) {
            return;
        }
        slot.held = false;
        try {
            counters.release(caller.userId(), SharedLimitCounters.WEBSOCKET_CONNECTIONS, instance.name());
        } catch (RuntimeException e) {
            LOG.warn("Could not give back the connection of {} ({}); it is taken off when this instance stops refreshing",
                    caller.userId(), e.toString());
        }
    }

    private void refuse(WebSocketSession session, String reason) {
        if (session.isOpen()) {
            session.sendSync(frames.frame(EventTypes.ERROR, "message", reason));
            session.close(CloseReason.POLICY_VIOLATION);
        }
    }

    /** Whether this session holds one of its user's connections in the database; touched on its executor only. */
    private static final class SharedSlot {
        private volatile boolean held;
    }
}
