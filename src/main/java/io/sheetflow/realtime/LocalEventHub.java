package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.websocket.WebSocketSession;
import io.sheetflow.admin.DashboardStream;
import io.sheetflow.event.EventPublisher;
import io.sheetflow.event.EventTypes;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.metrics.Meters;
import io.sheetflow.security.LimitSettings;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event publisher of the Netty server: delivers logged events to the WebSocket sessions of this
 * process, and keeps the connection count within {@code sheetflow.websocket.max-connections}.
 */
@Singleton
@Requires(notEnv = "lambda")
public class LocalEventHub implements EventPublisher {
    private static final byte[] KEEP_ALIVE = "sheetflow".getBytes(StandardCharsets.US_ASCII);

    private final Map<UUID, Set<ChatSubscription>> byChat = new ConcurrentHashMap<>();
    private final Map<String, Set<WebSocketSession>> userStreams = new ConcurrentHashMap<>();
    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final WebSocketSettings settings;
    private final LimitSettings limits;
    private final Meters meters;
    private final DashboardStream dashboard;

    public LocalEventHub(WebSocketSettings settings, LimitSettings limits, Meters meters, DashboardStream dashboard) {
        this.settings = settings;
        this.limits = limits;
        this.meters = meters;
        this.dashboard = dashboard;
        meters.gauge(Meters.WEBSOCKET_CONNECTIONS, "Open WebSocket connections", connections::get);
    }

    /** An event frame went to a client. */
    void eventSent() {
        meters.webSocketMessage(false);
    }

    /** A client's message arrived. */
    void messageReceived() {
        meters.webSocketMessage(true);
    }

    @Override
    public void deliver(StoredEvent event, String owner) {
        dashboard.changed(); // runs, steps and uploads: every logged event may move a figure
        deliverToChatSubscribers(event);
        if (EventTypes.RUN_STATUS.contains(event.type())) {
            Set<WebSocketSession> streams = userStreams.get(owner);
            if (streams != null) {
                streams.forEach(s -> {
                    s.sendAsync(Frames.text(event));
                    eventSent();
                });
            }
        }
    }

    /** Only to the chat's subscribers (they drop what they were already sent), not to user streams. */
    void deliverToChatSubscribers(StoredEvent event) {
        Set<ChatSubscription> subscribers = byChat.get(event.chatId());
        if (subscribers != null) {
            for (ChatSubscription subscription : subscribers) {
                subscription.live(event);
            }
        }
    }

    /** Whether a subscriber here would receive an event of the chat (its subscribers or its owner's streams). */
    boolean interested(UUID chatId, String owner) {
        return byChat.containsKey(chatId) || userStreams.containsKey(owner);
    }

    /** The chats that have subscribers here, each with its owner. */
    Map<UUID, String> subscribedChats() {
        Map<UUID, String> chats = new java.util.HashMap<>();
        byChat.forEach((chat, subscribers) -> subscribers.stream().findAny().ifPresent(s -> chats.put(chat, s.owner())));
        return chats;
    }

    /** The lowest seq the chat's subscribers here have been sent (Long.MAX_VALUE when it has none). */
    long oldestSentSeq(UUID chatId) {
        Set<ChatSubscription> subscribers = byChat.get(chatId);
        return subscribers == null ? Long.MAX_VALUE
                : subscribers.stream().mapToLong(ChatSubscription::lastSentSeq).min().orElse(Long.MAX_VALUE);
    }

    /** Why a connection was refused, or null when it was admitted. */
    String admit(WebSocketSession session, String user) {
        AtomicInteger mine = perUser.computeIfAbsent(user, u -> new AtomicInteger());
        if (mine.incrementAndGet() > limits.websocketConnectionsPerUser()) {
            mine.decrementAndGet();
            return "Maximum connections per user reached";
        }
        while (true) {
            int current = connections.get();
            if (current >= settings.maxConnections()) {
                mine.decrementAndGet();
                return "Maximum connections reached";
            }
            if (connections.compareAndSet(current, current + 1)) {
                sessions.add(session);
                dashboard.changed();
                return null;
            }
        }
    }

    void release(WebSocketSession session, String user) {
        if (sessions.remove(session)) {
            connections.decrementAndGet();
            dashboard.changed();
            AtomicInteger mine = perUser.get(user);
            if (mine != null) {
                mine.decrementAndGet();
            }
        }
    }

    void subscribe(ChatSubscription subscription) {
        byChat.computeIfAbsent(subscription.chatId(), id -> ConcurrentHashMap.newKeySet()).add(subscription);
    }

    void unsubscribe(ChatSubscription subscription) {
        byChat.computeIfPresent(subscription.chatId(), (id, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
    }

    void addUserStream(String owner, WebSocketSession session) {
        userStreams.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void removeUserStream(String owner, WebSocketSession session) {
        userStreams.computeIfPresent(owner, (o, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** Server-side keep-alive: a ping frame to every open session. */
    @Scheduled(fixedDelay = "${sheetflow.websocket.keep-alive-interval:30s}",
            initialDelay = "${sheetflow.websocket.keep-alive-interval:30s}")
    void keepAlive() {
        for (WebSocketSession session : sessions) {
            if (session.isOpen()) {
                session.sendPingAsync(KEEP_ALIVE);
            }
        }
    }

    public ConnectionStats stats() {
        int subscriptions = byChat.values().stream().mapToInt(Set::size).sum();
        int streams = userStreams.values().stream().mapToInt(Set::size).sum();
        return new ConnectionStats(connections.get(), subscriptions, byChat.size(), streams, settings.maxConnections());
    }

    public record ConnectionStats(int connections, int chatSubscriptions, int subscribedChats, int userStreams,
                                  int maxConnections) {
    }
}
