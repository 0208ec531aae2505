package io.sheetflow.realtime;

import io.micronaut.websocket.WebSocketSession;
import io.sheetflow.event.StoredEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * One WebSocket's subscription to one conversation. While a replay from the log is in progress, live
 * events are held back; afterwards they are released in order. Anything at or below the last sent
 * {@code seq} is dropped, so the client sees every event exactly once, in order.
 */
final class ChatSubscription {
    private final WebSocketSession session;
    private final UUID chatId;
    private final String owner;
    private final Runnable sent;
    private long lastSentSeq;
    private boolean replaying;
    private final List<StoredEvent> heldBack = new ArrayList<>();

    ChatSubscription(WebSocketSession session, UUID chatId, String owner, Runnable sent) {
        this.sent = sent;
        this.session = session;
        this.chatId = chatId;
        this.owner = owner;
    }

    UUID chatId() {
        return chatId;
    }

    String owner() {
        return owner;
    }

    WebSocketSession session() {
        return session;
    }

    /** From now until {@link #finishReplay()}, live events are held back. */
    synchronized void holdLive() {
        replaying = true;
    }

    /** Events at or below {@code seq} count as already seen by the client. */
    synchronized void baseline(long seq) {
        lastSentSeq = seq;
    }

    synchronized void replayed(StoredEvent event) {
        sendIfNew(event);
    }

    synchronized void finishReplay() {
        heldBack.sort(Comparator.comparingLong(StoredEvent::seq));
        heldBack.forEach(this::sendIfNew);
        heldBack.clear();
        replaying = false;
    }

    synchronized void live(StoredEvent event) {
        if (replaying) {
            heldBack.add(event);
        } else {
            sendIfNew(event);
        }
    }

    synchronized long lastSentSeq() {
        return lastSentSeq;
    }

    private void sendIfNew(StoredEvent event) {
        if (event.seq() > lastSentSeq && session.isOpen()) {
            session.sendAsync(Frames.text(event));
            lastSentSeq = event.seq();
            sent.run();
        }
    }
}
