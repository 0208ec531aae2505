package io.sheetflow.realtime;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.sheetflow.admin.DashboardStream;
import io.sheetflow.cluster.PgNotifications;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.EventPublisher;
import io.sheetflow.event.StoredEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live events across instances ({@code sheetflow.events.fanout: database}). The event log stays the source of
 * truth: after an instance's relay delivers its committed events here, a {@code NOTIFY} tells every instance
 * "chat X has events from seq F up to T"; each instance that has subscribers for the chat (or streams of its
 * owner) reads the log after the last seq it delivered for that chat and hands the events to its
 * {@link LocalEventHub}, in seq order. Per chat one cursor, under one lock, so every event reaches this instance's
 * sockets once and in order whoever wrote it; a lost notification is made up by the next one for the chat (it
 * reads from the cursor), by the poll every {@code sheetflow.events.fanout-poll-interval}, and after the
 * listening connection reconnects. Every event, this instance's or announced by another, is a change for the admin
 * dashboard (a run's transition moves its queue and run figures), whether or not a socket here follows the chat.
 */
@Singleton
@Primary
@Requires(notEnv = "lambda")
@Requires(property = "sheetflow.events.fanout", value = "database")
public class SharedEventFeed implements EventPublisher {
    static final String CHANNEL = "sheetflow_events";
    private static final Logger LOG = LoggerFactory.getLogger(SharedEventFeed.class);
    private static final int READ_BATCH = 1000;

    private final LocalEventHub hub;
    private final EventLog log;
    private final PgNotifications notifications;
    private final DashboardStream dashboard;
    private final Duration pollInterval;
    private final Map<UUID, Cursor> cursors = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Notice> outgoing = new LinkedBlockingQueue<>();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(daemon("event-feed"));
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(daemon("event-feed-poll"));
    private final Thread notifier;
    private volatile boolean stopped;

    public SharedEventFeed(LocalEventHub hub, EventLog log, PgNotifications notifications, DashboardStream dashboard,
                           @Value("${sheetflow.events.fanout-poll-interval:5s}") Duration pollInterval) {
        this.hub = hub;
        this.log = log;
        this.notifications = notifications;
        this.dashboard = dashboard;
        this.pollInterval = pollInterval;
        this.notifier = new Thread(this::notifyLoop, "event-feed-notify");
        this.notifier.setDaemon(true);
        this.notifier.start();
    }

    @EventListener
    public void onStartup(StartupEvent event) {
        notifications.listen(CHANNEL, new PgNotifications.Listener() {
            @Override
            public void notified(String payload) {
                Notice notice = Notice.parse(payload);
                if (notice == null) {
                    LOG.warn("Ignoring an event notification it cannot read: {}", payload);
                    return;
                }
                dashboard.changed();
                reader.execute(() -> catchUp(notice.chatId, notice.owner, notice.fromSeq, notice.toSeq, null));
            }

            @Override
            public void reconnected() {
                reader.execute(SharedEventFeed.this::pollLog);
            }
        });
        long every = Math.max(100, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(() -> reader.execute(this::pollLog), every, every, TimeUnit.MILLISECONDS);
    }

    /** This instance's relay: a committed event, in seq order among this instance's events of the chat. */
    @Override
    public void deliver(StoredEvent event, String owner) {
        dashboard.changed();
        try {
            catchUp(event.chatId(), owner, event.seq(), event.seq(), event);
        } finally {
            outgoing.add(new Notice(event.chatId(), owner, event.seq(), event.seq()));
        }
    }

    /**
     * Delivers the chat's events up to {@code toSeq} that this instance has not delivered yet, from the log
     * (or {@code known}, when it is the very next one).
     */
    private void catchUp(UUID chatId, String owner, long fromSeq, long toSeq, StoredEvent known) {
        if (!hub.interested(chatId, owner)) {
            cursors.remove(chatId);
            return;
        }
        // A new cursor starts where the chat's subscribers here are, so a missed notification cannot make a gap.
        // Events before the first notice seen are only for those subscribers (user streams never had a cursor).
        Cursor cursor = cursors.computeIfAbsent(chatId, id -> new Cursor(owner,
                Math.min(fromSeq - 1, hub.oldestSentSeq(chatId)), fromSeq));
        synchronized (cursor) {
            if (toSeq <= cursor.seq) {
                return;
            }
            if (known != null && known.seq() == cursor.seq + 1) {
                hub.deliver(known, owner);
                cursor.seq = known.seq();
                return;
            }
            try {
                while (cursor.seq < toSeq) {
                    List<StoredEvent> batch = log.since(chatId, cursor.seq, READ_BATCH);
                    for (StoredEvent event : batch) {
                        if (event.seq() < cursor.userStreamsFrom) {
                            hub.deliverToChatSubscribers(event);
                        } else {
                            hub.deliver(event, owner);
                        }
                        cursor.seq = event.seq();
                    }
                    if (batch.size() < READ_BATCH) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Reading the log of chat {} after seq {} failed ({}); the next notice or poll reads it again",
                        chatId, cursor.seq, e.toString());
            }
        }
    }

    /**
     * The safety net: chats followed here whose log went further than this instance delivered. A chat whose
     * subscribers came after its last notice here has no cursor yet: its subscribers' last sent seq is compared
     * with the log, and what they miss goes to them (not to user streams, which follow from the next notice).
     */
    private void pollLog() {
        hub.subscribedChats().forEach((chatId, owner) -> {
            if (cursors.containsKey(chatId)) {
                return;
            }
            try {
                long latest = log.latestSeq(chatId);
                if (latest > hub.oldestSentSeq(chatId)) {
                    catchUp(chatId, owner, latest + 1, latest, null);
                }
            } catch (RuntimeException e) {
                LOG.debug("Polling chat {} failed", chatId, e);
            }
        });
        for (Map.Entry<UUID, Cursor> entry : cursors.entrySet()) {
            Cursor cursor = entry.getValue();
            try {
                long latest = log.latestSeq(entry.getKey());
                long delivered;
                synchronized (cursor) {
                    delivered = cursor.seq;
                }
                if (latest > delivered) {
                    catchUp(entry.getKey(), cursor.owner, delivered + 1, latest, null);
                }
            } catch (RuntimeException e) {
                LOG.debug("Polling chat {} failed", entry.getKey(), e);
            }
        }
    }

    /** Announces delivered events, several chats' worth per round trip, one notice per chat with its range. */
    private void notifyLoop() {
        while (!stopped || !outgoing.isEmpty()) {
            List<Notice> drained = new ArrayList<>();
            try {
                Notice first = outgoing.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
            } catch (InterruptedException e) {
                if (stopped) {
                    outgoing.drainTo(drained);
                } else {
                    continue;
                }
            }
            outgoing.drainTo(drained);
            Map<UUID, Notice> byChat = new LinkedHashMap<>();
            for (Notice notice : drained) {
                byChat.merge(notice.chatId, notice, Notice::span);
            }
            try {
                notifications.notifyAll(CHANNEL, byChat.values().stream().map(Notice::payload).toList());
            } catch (RuntimeException e) {
                LOG.warn("Could not announce events of {} chat(s) ({}); other instances find them at their next poll",
                        byChat.size(), e.toString());
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopped = true;
        notifier.interrupt();
        notifier.join(5000);
        poller.shutdownNow();
        reader.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Cursor {
        private final String owner;
        private final long userStreamsFrom;
        private long seq;

        private Cursor(String owner, long seq, long userStreamsFrom) {
            this.owner = owner;
            this.seq = seq;
            this.userStreamsFrom = userStreamsFrom;
        }
    }

    /** "chat X has events from seq F to T", as {@code <chat> <from> <to> <owner>} (the owner last: it may hold spaces). */
    record Notice(UUID chatId, String owner, long fromSeq, long toSeq) {
        String payload() {
            return chatId + " " + fromSeq + " " + toSeq + " " + owner;
        }

        Notice span(Notice other) {
            return new Notice(chatId, owner, Math.min(fromSeq, other.fromSeq), Math.max(toSeq, other.toSeq));
        }

        static Notice parse(String payload) {
            String[] parts = payload == null ? new String[0] : payload.split(" ", 4);
            if (parts.length != 4) {
                return null;
            }
            try {
                return new Notice(UUID.fromString(parts[0]), parts[3], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
