package io.sheetflow.event;

import io.sheetflow.metrics.Meters;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Delivers committed events to live subscribers, after their transaction and off the thread that wrote them:
 * no run and no request waits for a socket. The event log is the outbox; this relay is its in-process reader.
 * <p>
 * A {@code seq} is taken under the conversation's row lock, so within one process a conversation's events are
 * reserved here in {@code seq} order, while their commits may be reported in any order. An event is handed to
 * the delivery thread only when every event reserved before it in its conversation is resolved (committed, or
 * rolled back and dropped), so subscribers receive each conversation's events in order and only once they
 * are durable. A delivery that fails costs nothing but liveness: clients catch up from the log.
 */
@Singleton
public class EventRelay {
    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);

    private final EventPublisher publisher;
    private final Map<UUID, TreeMap<Long, Slot>> open = new HashMap<>();
    private final LinkedBlockingQueue<Slot> ready = new LinkedBlockingQueue<>();
    private final Thread delivery;
    private final Object idle = new Object();
    private long undelivered;
    private volatile boolean stopped;

    private final Meters meters;

    public EventRelay(EventPublisher publisher, Meters meters) {
        this.publisher = publisher;
        this.meters = meters;
        this.delivery = new Thread(this::deliverLoop, "event-relay");
        this.delivery.setDaemon(true);
        this.delivery.start();
    }

    /** Called inside the writing transaction, right after the event got its {@code seq}. */
    synchronized Slot reserve(StoredEvent event, String owner) {
        Slot slot = new Slot(event, owner);
        open.computeIfAbsent(event.chatId(), id -> new TreeMap<>()).put(event.seq(), slot);
        return slot;
    }

    /** After the transaction: committed events become deliverable, rolled back ones are forgotten. */
    synchronized void resolve(List<Slot> slots, boolean committed) {
        for (Slot slot : slots) {
            slot.state = committed ? State.COMMITTED : State.ROLLED_BACK;
        }
        for (Slot slot : slots) {
            TreeMap<Long, Slot> pending = open.get(slot.event.chatId());
            while (pending != null && !pending.isEmpty() && pending.firstEntry().getValue().state != State.OPEN) {
                Slot head = pending.pollFirstEntry().getValue();
                if (head.state == State.COMMITTED) {
                    meters.eventAppended(head.event.type());
                    synchronized (idle) {
                        undelivered++;
                    }
                    ready.add(head);
                }
            }
            if (pending != null && pending.isEmpty()) {
                open.remove(slot.event.chatId());
            }
        }
    }

    /**
     * Waits until every committed event so far has been delivered (a Lambda invocation calls this before it
     * returns, since its environment may be frozen right after).
     *
     * @return false when the timeout passed first
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (undelivered > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void deliverLoop() {
        while (!stopped || !ready.isEmpty()) {
            Slot slot;
            try {
                slot = ready.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (slot == null) {
                continue;
            }
            try {
                publisher.deliver(slot.event, slot.owner);
                meters.eventDelivered(true, System.nanoTime() - slot.appendedNanos);
            } catch (RuntimeException e) {
                meters.eventDelivered(false, 0);
                LOG.warn("Live delivery of event {} #{} failed; clients recover it from the log",
                        slot.event.type(), slot.event.seq(), e);
            } finally {
                synchronized (idle) {
                    undelivered--;
                    idle.notifyAll();
                }
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        flush(Duration.ofSeconds(5));
        stopped = true;
        delivery.interrupt();
        delivery.join(5000);
    }

    private enum State { OPEN, COMMITTED, ROLLED_BACK }

    /** One reserved event; its state is guarded by the relay's lock. */
    static final class Slot {
        private final StoredEvent event;
        private final String owner;
        private final long appendedNanos = System.nanoTime();
        private State state = State.OPEN;

        private Slot(StoredEvent event, String owner) {
            this.event = event;
            this.owner = owner;
        }
    }
}
