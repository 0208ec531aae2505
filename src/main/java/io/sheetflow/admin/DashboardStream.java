package io.sheetflow.admin;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.websocket.WebSocketSession;
import io.sheetflow.event.ControlFrames;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes dashboard snapshots to the admin sessions of {@code /admin/stream}. Whatever changes a figure (a run's
 * transition, the run queue, a socket opening or closing, an upload) calls {@link #changed()}; changes are
 * coalesced into at most one snapshot per {@code sheetflow.admin.dashboard.push-interval}, and the snapshot is
 * built after the change, so the last one pushed always shows the state after the last change. Nothing is pushed
 * while no admin is watching, and nothing is pushed without a change (the turn of a minute counting as one).
 */
@Singleton
@Requires(notEnv = "lambda")
public class DashboardStream {
    /** The {@code type} of a snapshot frame. */
    public static final String FRAME_TYPE = "dashboard";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardStream.class);

    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean minuteTurnScheduled = new AtomicBoolean();
    private final BeanProvider<AdminDashboard> dashboard;
    private final ControlFrames frames;
    private final long intervalNanos;
    // One thread builds and sends every snapshot: pushes never overlap and never run on an event loop.
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "admin-dashboard");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long lastPush;

    public DashboardStream(BeanProvider<AdminDashboard> dashboard, ControlFrames frames, DashboardSettings settings) {
        this.dashboard = dashboard;
        this.frames = frames;
        this.intervalNanos = Math.max(0, settings.pushInterval().toNanos());
        this.lastPush = System.nanoTime() - intervalNanos;
    }

    /** Something the dashboard shows has changed: a snapshot follows (soon, and once for many changes). */
    public void changed() {
        if (sessions.isEmpty() || !pending.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastPush + intervalNanos - System.nanoTime());
        try {
            pusher.schedule(this::push, wait, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            pending.set(false);
        }
    }

    /** An admin session starts watching: it gets the current snapshot now, then every pushed one. */
    public void subscribe(WebSocketSession session) {
        sessions.add(session);
        pusher.execute(() -> {
            scheduleMinuteTurn();
            String frame = frame();
            if (frame != null && session.isOpen()) {
                session.sendAsync(frame);
            }
        });
    }

    public void unsubscribe(WebSocketSession session) {
        sessions.remove(session);
    }

    private void push() {
        pending.set(false); // a change from now on schedules the next push
        lastPush = System.nanoTime();
        if (sessions.isEmpty()) {
            return;
        }
        scheduleMinuteTurn();
        String frame = frame();
        if (frame == null) {
            return;
        }
        for (WebSocketSession session : sessions) {
            if (session.isOpen()) {
                session.sendAsync(frame);
            }
        }
    }

    /**
     * The end of the current minute is a change too: the runs-per-minute series moves on, and the windows with it,
     * so a watched dashboard that sees no activity does not keep showing the last busy minute as "the last minute".
     */
    private void scheduleMinuteTurn() {
        if (!minuteTurnScheduled.compareAndSet(false, true)) {
            return;
        }
        long untilNextMinute = 60_000 - System.currentTimeMillis() % 60_000;
        pusher.schedule(() -> {
            minuteTurnScheduled.set(false);
            changed();
        }, untilNextMinute, TimeUnit.MILLISECONDS);
    }

    private String frame() {
        try {
            return frames.frame(FRAME_TYPE, "snapshot", dashboard.get().snapshot());
        } catch (RuntimeException e) {
            LOG.warn("The admin dashboard's snapshot could not be built: {}", e.toString());
            return null;
        }
    }

    @PreDestroy
    void stop() {
        pusher.shutdownNow();
    }
}
