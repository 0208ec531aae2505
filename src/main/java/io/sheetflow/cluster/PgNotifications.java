package io.sheetflow.cluster;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} between Sheetflow instances on one database. Notifications are wake-up calls
 * only: whoever receives one reads the database, and a slow poll of its own covers a lost one. The listening
 * connection is dedicated (opened with the datasource's URL and credentials, outside the pool) and reopened
 * after a failure; {@link Listener#reconnected()} then tells listeners that they may have missed something.
 * Sending goes through the pool. On any other database (the embedded H2) nothing is sent or received.
 */
@Singleton
@Requires(notEnv = "lambda")
public class PgNotifications {
    private static final Logger LOG = LoggerFactory.getLogger(PgNotifications.class);
    private static final int WAIT_MILLIS = 500;
    private static final long LIVENESS_CHECK_NANOS = 10_000_000_000L;

    /** Called on the listening thread: hand anything slow to another thread. */
    public interface Listener {
        void notified(String payload);

        /** The listening connection was (re)opened: notifications sent meanwhile may have been missed. */
        default void reconnected() {
        }
    }

    private final String url;
    private final String username;
    private final String password;
    private final TransactionOperations<Connection> transactions;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private Thread thread;
    private volatile boolean stopped;

    public PgNotifications(@Value("${datasources.default.url}") String url,
                           @Value("${datasources.default.username:}") String username,
                           @Value("${datasources.default.password:}") String password,
                           TransactionOperations<Connection> transactions) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.transactions = transactions;
    }

    /** Whether the database is PostgreSQL (else {@link #listen} and {@link #notify} do nothing). */
    public boolean available() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Channel names are fixed identifiers of ours ({@code [a-z_]+}), never user input. */
    public synchronized void listen(String channel, Listener listener) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        if (available() && thread == null && !stopped) {
            thread = new Thread(this::listenLoop, "pg-notifications");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Sends one notification (delivered to every listener of every instance, this one included). */
    public void notify(String channel, String payload) {
        notifyAll(channel, List.of(payload));
    }

    /**
     * Sends several notifications on one pooled connection. The transaction commits without waiting for its WAL
     * flush ({@code synchronous_commit} off for it alone): a notification is a wake-up whose loss the receivers'
     * polls make up, so it need not wait for the disk, while what it announces was committed durably before.
     */
    public void notifyAll(String channel, List<String> payloads) {
        if (!available() || payloads.isEmpty()) {
            return;
        }
        transactions.executeWrite(status -> {
            try (Statement s = status.getConnection().createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
            try (PreparedStatement ps = status.getConnection().prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String payload : payloads) {
                    ps.setString(1, channel);
                    ps.setString(2, payload);
                    ps.execute();
                }
            }
            return null;
        });
    }

    private void listenLoop() {
        long backoff = 250;
        while (!stopped) {
            try (Connection connection = DriverManager.getConnection(url, username, password)) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                Set<String> listening = new HashSet<>();
                listenToNew(connection, listening);
                backoff = 250;
                listeners.values().forEach(list -> list.forEach(PgNotifications::reconnected));
                long lastCheck = System.nanoTime();
                while (!stopped) {
                    listenToNew(connection, listening);
                    PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            dispatch(notification.getName(), notification.getParameter());
                        }
                    }
                    if (System.nanoTime() - lastCheck > LIVENESS_CHECK_NANOS) {
                        // A connection dropped without a reset is only found by using it.
                        try (Statement s = connection.createStatement()) {
                            s.execute("SELECT 1");
                        }
                        lastCheck = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.warn("Listening for notifications failed ({}); reconnecting in {} ms", e.toString(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    private void listenToNew(Connection connection, Set<String> listening) throws SQLException {
        for (String channel : listeners.keySet()) {
            if (listening.add(channel)) {
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
            }
        }
    }

    private void dispatch(String channel, String payload) {
        for (Listener listener : listeners.getOrDefault(channel, List.of())) {
            try {
                listener.notified(payload);
            } catch (RuntimeException e) {
                LOG.warn("A listener of {} failed on {}", channel, payload, e);
            }
        }
    }

    private static void reconnected(Listener listener) {
        try {
            listener.reconnected();
        } catch (RuntimeException e) {
            LOG.warn("A listener failed after reconnecting", e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopped = true;
        Thread listening;
        synchronized (this) {
            listening = thread;
        }
        if (listening != null) {
            listening.interrupt();
            listening.join(5000);
        }
    }
}
