package io.sheetflow.conversation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MessageRepository extends CrudRepository<Message, UUID> {

    /** The newest {@code limit} messages numbered below {@code before}, newest first. */
    @Query("SELECT * FROM message WHERE conversation_id = :conversationId AND number < :before ORDER BY number DESC LIMIT :limit")
    List<Message> pageBefore(UUID conversationId, long before, int limit);
}
