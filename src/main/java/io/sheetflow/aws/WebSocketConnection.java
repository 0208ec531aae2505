package io.sheetflow.aws;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** An open API Gateway WebSocket connection: the conversation it follows and who opened it. */
@MappedEntity("websocket_connection")
public record WebSocketConnection(
        @Id String connectionId,
        UUID conversationId,
        String userId,
        boolean admin,
        Instant connectedAt,
        Instant lastSeen) {
}
