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
import java.util.HashMap;
import java.util.TreeMap;
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
     * Appends one event. See {@link #appendAll}.
     *
     * @throws ConversationGoneException when the conversation no longer exists
     */
    public StoredEvent append(UUID chatId, UUID runId, String type, Map<String, ?> fields) {
        StoredEvent event = appendAll(List.of(new EventDraft(chatId, runId, type, fields))).get(0);
        if (event == null) {
            throw new ConversationGoneException(chatId);
        }
        return event;
    }

    /**
     * Appends events in one transaction. Each conversation's row is locked once (in id order, so concurrent
     * writers cannot deadlock) to take a range of {@code seq} numbers; drafts keep their order within a
     * conversation. The stored JSON is {@code type, chat_id, run_id, seq, timestamp} then the fields.
     *
     * @return the stored events aligned with {@code drafts}; null where the conversation no longer exists
     */
    @Transactional
    public List<StoredEvent> appendAll(List<EventDraft> drafts) {
        return jdbc.execute(connection -> {
            Map<UUID, Integer> counts = new TreeMap<>();
            drafts.forEach(d -> counts.merge(d.chatId(), 1, Integer::sum));
            Map<UUID, Long> nextSeq = new HashMap<>();
            try (PreparedStatement bump = connection.prepareStatement(
                    "UPDATE conversation SET last_event_seq = last_event_seq + ? WHERE id = ?");
                 PreparedStatement read = connection.prepareStatement(
                         "SELECT last_event_seq FROM conversation WHERE id = ?")) {
                for (var entry : counts.entrySet()) {
                    bump.setInt(1, entry.getValue());
                    bump.setObject(2, entry.getKey());
                    if (bump.executeUpdate() == 0) {
                        continue;
                    }
                    read.setObject(1, entry.getKey());
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        nextSeq.put(entry.getKey(), rs.getLong(1) - entry.getValue() + 1);
                    }
                }
            }
            Instant now = Instant.now();
            List<StoredEvent> stored = new ArrayList<>(drafts.size());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO event (conversation_id, seq, run_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (EventDraft draft : drafts) {
                    Long seq = nextSeq.get(draft.chatId());
                    if (seq == null) {
                        stored.add(null);
                        continue;
                    }
                    nextSeq.put(draft.chatId(), seq + 1);
                    String json = toJson(draft, seq, now);
                    insert.setObject(1, draft.chatId());
                    insert.setLong(2, seq);
                    insert.setObject(3, draft.runId());
                    insert.setString(4, draft.type());
                    insert.setString(5, json);
                    insert.setTimestamp(6, Timestamp.from(now));
                    insert.addBatch();
                    stored.add(new StoredEvent(draft.chatId(), seq, draft.runId(), draft.type(), json));
                }
                insert.executeBatch();
            }
            return stored;
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

    private String toJson(EventDraft draft, long seq, Instant now) throws SQLException {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", draft.type());
        event.put("chat_id", draft.chatId().toString());
        event.put("run_id", draft.runId() == null ? null : draft.runId().toString());
        event.put("seq", seq);
        event.put("timestamp", now.toString());
        event.putAll(draft.fields());
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new SQLException("Event not serialisable: " + e.getOriginalMessage(), e);
        }
    }
}
