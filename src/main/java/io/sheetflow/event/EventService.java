package io.sheetflow.event;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Publishing = append to the log, then deliver. One writer thread takes whatever is queued, appends it in
 * one transaction (group commit), then delivers it in order, so throughput does not pay a transaction per
 * event and subscribers see every conversation's events in {@code seq} order.
 */
@Singleton
public class EventService {
    private static final Logger LOG = LoggerFactory.getLogger(EventService.class);
    private static final int MAX_BATCH = 1000;

    private final EventLog log;
    private final EventPublisher publisher;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopped;

    public EventService(EventLog log, EventPublisher publisher) {
        this.log = log;
        this.publisher = publisher;
        this.writer = new Thread(this::writeLoop, "event-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Appends and delivers, waiting until the event is stored.
     *
     * @throws ConversationGoneException when the conversation no longer exists
     */
    public StoredEvent publish(UUID chatId, String owner, UUID runId, String type, Map<String, ?> fields) {
        try {
            return publishAsync(chatId, owner, runId, type, fields).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Queues the event; the future completes once it is stored (delivery follows immediately). */
    public CompletableFuture<StoredEvent> publishAsync(UUID chatId, String owner, UUID runId, String type,
                                                      Map<String, ?> fields) {
        Pending pending = new Pending(new EventDraft(chatId, runId, type, fields), owner, new CompletableFuture<>());
        if (stopped) {
            pending.result().completeExceptionally(new IllegalStateException("Event service stopped"));
        } else {
            queue.add(pending);
        }
        return pending.result();
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!stopped || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (stopped) {
                    queue.drainTo(batch);
                    if (!batch.isEmpty()) {
                        write(batch);
                    }
                    return;
                }
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        List<StoredEvent> stored;
        try {
            stored = log.appendAll(batch.stream().map(Pending::draft).toList());
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                LOG.error("Appending event {} of conversation {} failed", batch.get(0).draft().type(),
                        batch.get(0).draft().chatId(), e);
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            // One bad event (or a conflict on one conversation) must not fail the other runs' events of the
            // group commit: append each on its own, so only the event that fails is refused.
            LOG.warn("Appending a batch of {} events failed ({}); appending them one by one", batch.size(), e.toString());
            for (Pending pending : batch) {
                write(List.of(pending));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            StoredEvent event = stored.get(i);
            if (event == null) {
                pending.result().completeExceptionally(new ConversationGoneException(pending.draft().chatId()));
                continue;
            }
            try {
                publisher.deliver(event, pending.owner());
            } catch (RuntimeException e) {
                LOG.warn("Live delivery of event {} #{} failed; clients recover it from the log", event.type(), event.seq(), e);
            }
            pending.result().complete(event);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopped = true;
        writer.interrupt();
        writer.join(5000);
    }

    private record Pending(EventDraft draft, String owner, CompletableFuture<StoredEvent> result) {
    }
}
