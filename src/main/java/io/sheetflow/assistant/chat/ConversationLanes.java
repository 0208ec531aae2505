package io.sheetflow.assistant.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the tasks of one conversation one at a time and in order (a "yes" must see the suggestion the message
 * before it produced), different conversations in parallel on a shared pool. At most {@code maxPending} tasks
 * wait in all; beyond that {@link #submit} refuses.
 */
final class ConversationLanes {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationLanes.class);
    private final Executor pool;
    private final int maxPending;
    private final Map<UUID, ArrayDeque<Runnable>> lanes = new HashMap<>();
    private int pending;

    ConversationLanes(Executor pool, int maxPending) {
        this.pool = pool;
        this.maxPending = maxPending;
    }

    /** @throws RejectedExecutionException when too many tasks wait */
    synchronized void submit(UUID conversationId, Runnable task) {
        if (pending >= maxPending) {
            throw new RejectedExecutionException(pending + " assistant replies are waiting");
        }
        ArrayDeque<Runnable> lane = lanes.get(conversationId);
        if (lane != null) {
            lane.add(task);
            pending++;
            return;
        }
        lanes.put(conversationId, new ArrayDeque<>());
        try {
            pool.execute(() -> drain(conversationId, task));
        } catch (RejectedExecutionException e) {
            lanes.remove(conversationId);
            throw e;
        }
        pending++;
    }

    private void drain(UUID conversationId, Runnable first) {
        Runnable next = first;
        while (next != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("An assistant task of conversation {} failed; its next tasks still run", conversationId, e);
            }
            synchronized (this) {
                pending--;
                ArrayDeque<Runnable> lane = lanes.get(conversationId);
                next = lane.poll();
                if (next == null) {
                    lanes.remove(conversationId);
                }
            }
        }
    }
}
