package io.sheetflow.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The persisted, per-conversation sequenced event log. Appends take the conversation row lock to assign
 * the next {@code seq}, so sequences are gap-free and strictly increasing even across processes.
 */
@Singleton
public class EventLog {
    private final JdbcOperations jdbc;
    private final ObjectMapper mapper;

    public EventLog(JdbcOperations jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Appends an event. The stored JSON is {@code type, chat_id, run_id, seq, timestamp} followed by
     * {@code fields} in their order.
     *
     * @throws ConversationGoneException when the conversation no longer exists
     */
    @Transactional
    public StoredEvent append(UUID chatId, UUID runId, String type, Map<String, ?> fields) {
        return jdbc.execute(connection -> {
            try (PreparedStatement bump = connection.prepareStatement(
                    "UPDATE conversation SET last_event_seq = last_event_seq + 1 WHERE id = ?")) {
                bump.setObject(1, chatId);
                if (bump.executeUpdate() == 0) {
                    throw new ConversationGoneException(chatId);
                }
            }
            long seq;
            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT last_event_seq FROM conversation WHERE id = ?")) {
                read.setObject(1, chatId);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            Instant now = Instant.now();
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", type);
            event.put("chat_id", chatId.toString());
            event.put("run_id", runId == null ? null : runId.toString());
            event.put("seq", seq);
            event.put("timestamp", now.toString());
            event.putAll(fields);
            String json = toJson(event);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO event (conversation_id, seq, run_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, chatId);
                insert.setLong(2, seq);
                insert.setObject(3, runId);
                insert.setString(4, type);
                insert.setString(5, json);
                insert.setTimestamp(6, Timestamp.from(now));
                insert.executeUpdate();
            }
            return new StoredEvent(chatId, seq, runId, type, json);
        });
    }

    /** Events with {@code seq > since}, in order, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<StoredEvent> since(UUID chatId, long since, int limit) {
        return jdbc.execute(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT seq, run_id, type, payload FROM event WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                ps.setObject(1, chatId);
                ps.setLong(2, since);
                ps.setInt(3, limit);
                List<StoredEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new StoredEvent(chatId, rs.getLong(1), rs.getObject(2, UUID.class),
                                rs.getString(3), rs.getString(4)));
                    }
                }
                return events;
            }
        });
    }

    /** The seq of the newest event (0 when none). */
    @Transactional(readOnly = true)
    public long latestSeq(UUID chatId) {
        return jdbc.execute(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT last_event_seq FROM conversation WHERE id = ?")) {
                ps.setObject(1, chatId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    private String toJson(Map<String, Object> event) throws SQLException {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new SQLException("Event not serialisable: " + e.getOriginalMessage(), e);
        }
    }
}
