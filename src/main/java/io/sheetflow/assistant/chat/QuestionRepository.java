package io.sheetflow.assistant.chat;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface QuestionRepository extends CrudRepository<Question, UUID> {

    @Query("SELECT * FROM assistant_question WHERE conversation_id = :conversationId AND status = 'OPEN' ORDER BY created_at DESC LIMIT 1")
    Optional<Question> findLatestOpen(UUID conversationId);

    /** Every open question of the conversation becomes {@code status} (the next message answered or replaced it). */
    @Query("UPDATE assistant_question SET status = :status, answered_at = :now WHERE conversation_id = :conversationId AND status = 'OPEN'")
    int closeOpen(UUID conversationId, String status, Instant now);
}
