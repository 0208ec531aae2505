package io.sheetflow.aws;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WebSocketConnectionRepository extends CrudRepository<WebSocketConnection, String> {

    /** Connections following the conversation that take live events now (no replay in progress). */
    @Query("SELECT connection_id FROM websocket_connection WHERE conversation_id = :conversationId "
            + "AND (replaying_until IS NULL OR replaying_until < :now) ORDER BY connected_at")
    List<String> findLiveConnectionIdsOf(UUID conversationId, Instant now);

    /** Holds live events back from the connection until {@code until} (null: no longer). */
    @Query("UPDATE websocket_connection SET replaying_until = :until WHERE connection_id = :connectionId")
    int holdLiveUntil(String connectionId, @Nullable Instant until);

    long countByUserId(String userId);

    @Query("UPDATE websocket_connection SET last_seen = :now WHERE connection_id = :connectionId")
    int touch(String connectionId, Instant now);

    @Query("UPDATE websocket_connection SET conversation_id = :conversationId, last_seen = :now WHERE connection_id = :connectionId")
    int follow(String connectionId, UUID conversationId, Instant now);

    /** Connections older than API Gateway lets a connection live: their {@code $disconnect} was lost. */
    @Query("DELETE FROM websocket_connection WHERE connected_at < :before")
    int deleteConnectedBefore(Instant before);
}
