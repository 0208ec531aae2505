package io.sheetflow.realtime;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one session's tasks one at a time, in order, on a shared pool (off the event loop). */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean active;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
        if (!active) {
            active = true;
            pool.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    active = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // A task that throws must not end the drain with active still true: the session would never run
                // another task (no pong, no resume) while its queue grew without bound.
                LOG.warn("A WebSocket session task failed; the session's next tasks still run", e);
            }
        }
    }
}
