package io.sheetflow.event;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishing = append to the log, then deliver. Both happen under a per-conversation lock so live
 * subscribers see events in {@code seq} order.
 */
@Singleton
public class EventService {
    private static final Logger LOG = LoggerFactory.getLogger(EventService.class);
    private static final int LOCK_STRIPES = 64;

    private final EventLog log;
    private final EventPublisher publisher;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public EventService(EventLog log, EventPublisher publisher) {
        this.log = log;
        this.publisher = publisher;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public StoredEvent publish(UUID chatId, String owner, UUID runId, String type, Map<String, ?> fields) {
        ReentrantLock lock = locks[Math.floorMod(chatId.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            StoredEvent event = log.append(chatId, runId, type, fields);
            try {
                publisher.deliver(event, owner);
            } catch (RuntimeException e) {
                LOG.warn("Live delivery of event {} #{} failed; clients recover it from the log", type, event.seq(), e);
            }
            return event;
        } finally {
            lock.unlock();
        }
    }
}
