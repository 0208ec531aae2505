package io.sheetflow.admin;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The dashboard's figures that come from the database, read in one read-only transaction. */
@Singleton
public class DashboardQueries {
    /** At most this many ended runs and steps are read per snapshot (newest first). */
    static final int MAX_ROWS = 50_000;

    private final JdbcOperations jdbc;

    public DashboardQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public record Unfinished(String owner, String status, long count) {
    }

    public record EndedRun(UUID id, UUID chatId, String owner, String status, String error, Instant finishedAt) {
    }

    public record StoredKind(String kind, long files, long bytes) {
    }

    public record EndedStep(String operation, String status, long millis) {
    }

    public record Rows(List<Unfinished> unfinished, List<EndedRun> endedRuns, List<StoredKind> storage, List<EndedStep> steps) {
    }

    /** Runs and steps ended since the given instants; unfinished runs and stored files as they are now. */
    @Transactional(readOnly = true)
    public Rows read(Instant runsSince, Instant stepsSince) {
        return jdbc.execute(connection -> new Rows(unfinished(connection), endedRuns(connection, runsSince),
                storage(connection), endedSteps(connection, stepsSince)));
    }

    private static List<Unfinished> unfinished(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT owner, status, COUNT(*) FROM workflow_run "
                + "WHERE status IN ('QUEUED', 'RUNNING') GROUP BY owner, status ORDER BY owner");
             ResultSet rs = ps.executeQuery()) {
            List<Unfinished> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Unfinished(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
            return rows;
        }
    }

    private static List<EndedRun> endedRuns(Connection connection, Instant since) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, conversation_id, owner, status, error, "
                + "finished_at FROM workflow_run WHERE finished_at >= ? ORDER BY finished_at DESC LIMIT ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            ps.setInt(2, MAX_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                List<EndedRun> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new EndedRun(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()));
                }
                return rows;
            }
        }
    }

    private static List<StoredKind> storage(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT kind, COUNT(*), COALESCE(SUM(size_bytes), 0) FROM stored_file GROUP BY kind ORDER BY kind");
             ResultSet rs = ps.executeQuery()) {
            List<StoredKind> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new StoredKind(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
            return rows;
        }
    }

    private static List<EndedStep> endedSteps(Connection connection, Instant since) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT operation, status, started_at, finished_at "
                + "FROM workflow_step WHERE finished_at >= ? AND started_at IS NOT NULL "
                + "AND status IN ('COMPLETED', 'FAILED') ORDER BY finished_at DESC LIMIT ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            ps.setInt(2, MAX_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                List<EndedStep> rows = new ArrayList<>();
                while (rs.next()) {
                    Instant started = rs.getObject(3, OffsetDateTime.class).toInstant();
                    Instant finished = rs.getObject(4, OffsetDateTime.class).toInstant();
                    rows.add(new EndedStep(rs.getString(1), rs.getString(2),
                            Math.max(0, java.time.Duration.between(started, finished).toMillis())));
                }
                return rows;
            }
        }
    }
}
