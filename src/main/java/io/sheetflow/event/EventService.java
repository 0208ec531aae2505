package io.sheetflow.event;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writing events: an event is appended to the log inside the transaction of the state change it reports (the
 * log is the outbox), and the {@link EventRelay} delivers it once that transaction has committed. A failing
 * event therefore fails its own transaction and nothing else.
 */
@Singleton
public class EventService {
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };

    private final EventLog log;
    private final EventRelay relay;
    private final TransactionOperations<Connection> transactions;
    private final ObjectMapper mapper;

    public EventService(EventLog log, EventRelay relay, TransactionOperations<Connection> transactions, ObjectMapper mapper) {
        this.log = log;
        this.relay = relay;
        this.transactions = transactions;
        this.mapper = mapper;
    }

    /**
     * Appends within the caller's transaction; delivery follows its commit (nothing is delivered on rollback).
     *
     * @throws ConversationGoneException when the conversation no longer exists
     * @throws IllegalStateException     when called outside a transaction
     */
    public StoredEvent append(UUID chatId, String owner, @Nullable UUID runId, EventPayload payload) {
        return append(chatId, owner, runId, payload.type(), mapper.convertValue(payload, FIELDS));
    }

    /** {@link #append(UUID, String, UUID, EventPayload)} for an untyped payload. */
    public StoredEvent append(UUID chatId, String owner, @Nullable UUID runId, String type, Map<String, ?> fields) {
        TransactionStatus<?> status = transactions.findTransactionStatus().orElseThrow(() ->
                new IllegalStateException("Events are appended within the transaction of the change they report"));
        StoredEvent event = log.append(chatId, runId, type, fields);
        EventRelay.Slot slot = relay.reserve(event, owner);
        status.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(Status completion) {
                relay.resolve(List.of(slot), completion == Status.COMMITTED);
            }
        });
        return event;
    }

    /** Appends one event in a transaction of its own; returns once it is committed (delivery follows). */
    public StoredEvent publish(UUID chatId, String owner, @Nullable UUID runId, EventPayload payload) {
        return transactions.executeWrite(status -> append(chatId, owner, runId, payload));
    }

    /** {@link #publish(UUID, String, UUID, EventPayload)} for an untyped payload. */
    public StoredEvent publish(UUID chatId, String owner, @Nullable UUID runId, String type, Map<String, ?> fields) {
        return transactions.executeWrite(status -> append(chatId, owner, runId, type, fields));
    }
}
