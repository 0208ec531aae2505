package io.sheetflow.security;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The counters of {@code sheetflow.limits.store: database}, in {@code shared_limit_counter}: every change is one
 * increment or decrement in SQL (never a value read, changed and written back), so instances counting at once
 * never lose a count. A connection cap keeps a total per user and each instance's share of it; the share of an
 * instance that stopped refreshing it (it died) is taken off the total by {@link #removeStaleHolders}. Portable
 * SQL (PostgreSQL and the embedded H2 in PostgreSQL mode).
 */
@Singleton
public class SharedLimitCounters {
    /** The connection cap's counter name: WebSocket connections per user. */
    public static final String WEBSOCKET_CONNECTIONS = "websocket-connections";
    /** The cap of one-shot (stateless) operations running at once, counted for all users and instances. */
    public static final String STATELESS_OPERATIONS = "stateless-operations";
    static final String UPLOADS_PER_MINUTE = "uploads-per-minute";
    static final String RUNS_PER_MINUTE = "runs-per-minute";
    private static final Duration RATE_WINDOWS_KEPT = Duration.ofMinutes(5);
    private static final Duration LOCK_ROWS_KEPT = Duration.ofHours(1);
    /** The lock row's counter name that serialises a user's run submissions (the active-runs limit). */
    public static final String ACTIVE_RUNS = "active-runs";
    static final String TOTAL = "total";
    private static final String HOLDER = "holder:";

    private final TransactionOperations<Connection> transactions;

    public SharedLimitCounters(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Counts one more in the counter; returns the count including it. */
    public long increment(String subject, String name, String bucket) {
        return transactions.executeWrite(status -> add(status.getConnection(), subject, name, bucket, 0));
    }

    /** Takes back one {@link #increment} (a use that was refused). */
    public void decrement(String subject, String name, String bucket) {
        transactions.executeWrite(status -> update(status.getConnection(), "UPDATE shared_limit_counter SET n = n - 1, "
                + "updated_at = ? WHERE subject = ? AND name = ? AND bucket = ? AND n > 0", subject, name, bucket));
    }

    /** The counter's value (0 when it has none). */
    public long read(String subject, String name, String bucket) {
        return transactions.executeRead(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "SELECT n FROM shared_limit_counter WHERE subject = ? AND name = ? AND bucket = ?")) {
                ps.setString(1, subject);
                ps.setString(2, name);
                ps.setString(3, bucket);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * Within the caller's transaction: locks the subject's row of {@code name} until it ends, so callers that
     * count something else (e.g. active runs) and then add to it are serialised per subject across instances.
     */
    public void lock(String subject, String name) {
        transactions.executeWrite(status -> add(status.getConnection(), subject, name, "lock", 0));
    }

    /** Takes one of {@code cap} slots for the subject, held by {@code holder}; false when all are taken. */
    public boolean acquire(String subject, String name, String holder, int cap) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            if (add(c, subject, name, TOTAL, cap) < 0) {
                return false;
            }
            add(c, subject, name, HOLDER + holder, 0);
            return true;
        });
    }

    /** Gives back a slot taken by {@link #acquire} (nothing when the holder's share was already removed). */
    public void release(String subject, String name, String holder) {
        transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            if (update(c, "UPDATE shared_limit_counter SET n = n - 1, updated_at = ? WHERE subject = ? AND name = ? "
                    + "AND bucket = ? AND n > 0", subject, name, HOLDER + holder) == 1) {
                update(c, "UPDATE shared_limit_counter SET n = n - 1, updated_at = ? WHERE subject = ? AND name = ? "
                        + "AND bucket = ? AND n > 0", subject, name, TOTAL);
            }
            return null;
        });
    }

    /** Marks the holder's shares of {@code name} as alive. */
    public void refreshHolder(String name, String holder) {
        transactions.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "UPDATE shared_limit_counter SET updated_at = ? WHERE name = ? AND bucket = ?")) {
                ps.setObject(1, now());
                ps.setString(2, name);
                ps.setString(3, HOLDER + holder);
                return ps.executeUpdate();
            }
        });
    }

    /** Takes the shares of holders not refreshed since {@code before} off their totals; returns how many. */
    public int removeStaleHolders(String name, Instant before) {
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            record Share(String subject, String bucket, long n) { }
            java.util.List<Share> stale = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT subject, bucket, n FROM shared_limit_counter "
                    + "WHERE name = ? AND bucket LIKE 'holder:%' AND updated_at < ? FOR UPDATE")) {
                ps.setString(1, name);
                ps.setObject(2, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stale.add(new Share(rs.getString(1), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            for (Share share : stale) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM shared_limit_counter WHERE subject = ? "
                        + "AND name = ? AND bucket = ?");
                     PreparedStatement subtract = c.prepareStatement("UPDATE shared_limit_counter SET "
                             + "n = GREATEST(0, n - ?), updated_at = ? WHERE subject = ? AND name = ? AND bucket = ?")) {
                    delete.setString(1, share.subject());
                    delete.setString(2, name);
                    delete.setString(3, share.bucket());
                    delete.executeUpdate();
                    subtract.setLong(1, share.n());
                    subtract.setObject(2, now());
                    subtract.setString(3, share.subject());
                    subtract.setString(4, name);
                    subtract.setString(5, TOTAL);
                    subtract.executeUpdate();
                }
            }
            return stale.size();
        });
    }

    /**
     * Takes the shares of holders not refreshed since {@code staleAfter} off the connection and operation caps,
     * and deletes rate windows and lock rows long past.
     *
     * @return how many stale shares were removed
     */
    public int sweep(Instant now, Duration staleAfter) {
        int stale = removeStaleHolders(WEBSOCKET_CONNECTIONS, now.minus(staleAfter))
                + removeStaleHolders(STATELESS_OPERATIONS, now.minus(staleAfter));
        deleteOlderThan(UPLOADS_PER_MINUTE, now.minus(RATE_WINDOWS_KEPT));
        deleteOlderThan(RUNS_PER_MINUTE, now.minus(RATE_WINDOWS_KEPT));
        deleteOlderThan(ACTIVE_RUNS, now.minus(LOCK_ROWS_KEPT));
        return stale;
    }

    /** Deletes counters of {@code name} not changed since {@code before} (rate windows long past). */
    public int deleteOlderThan(String name, Instant before) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement ps = status.getConnection().prepareStatement(
                    "DELETE FROM shared_limit_counter WHERE name = ? AND updated_at < ?")) {
                ps.setString(1, name);
                ps.setObject(2, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Ensures the row exists, then adds one to it (only while it is below {@code cap}, when cap > 0). The
     * increment holds the row's lock to the end of the transaction.
     *
     * @return the count after the increment, or -1 when it was at the cap
     */
    private static long add(Connection c, String subject, String name, String bucket, long cap) throws SQLException {
        try (PreparedStatement ensure = c.prepareStatement("INSERT INTO shared_limit_counter (subject, name, bucket, n, "
                + "updated_at) VALUES (?, ?, ?, 0, ?) ON CONFLICT DO NOTHING")) {
            ensure.setString(1, subject);
            ensure.setString(2, name);
            ensure.setString(3, bucket);
            ensure.setObject(4, now());
            ensure.executeUpdate();
        }
        String increment = "UPDATE shared_limit_counter SET n = n + 1, updated_at = ? WHERE subject = ? AND name = ? "
                + "AND bucket = ?" + (cap > 0 ? " AND n < " + cap : "");
        if (update(c, increment, subject, name, bucket) == 0) {
            return -1;
        }
        try (PreparedStatement read = c.prepareStatement(
                "SELECT n FROM shared_limit_counter WHERE subject = ? AND name = ? AND bucket = ?")) {
            read.setString(1, subject);
            read.setString(2, name);
            read.setString(3, bucket);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int update(Connection c, String sql, String subject, String name, String bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, now());
            ps.setString(2, subject);
            ps.setString(3, name);
            ps.setString(4, bucket);
            return ps.executeUpdate();
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
