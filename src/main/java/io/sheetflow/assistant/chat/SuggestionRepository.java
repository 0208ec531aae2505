package io.sheetflow.assistant.chat;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SuggestionRepository extends CrudRepository<Suggestion, UUID> {

    Optional<Suggestion> findByIdAndConversationId(UUID id, UUID conversationId);

    Optional<Suggestion> findByRunId(UUID runId);

    @Query("SELECT * FROM assistant_suggestion WHERE conversation_id = :conversationId AND status = 'PENDING' ORDER BY created_at DESC LIMIT 1")
    Optional<Suggestion> findLatestPending(UUID conversationId);

    /** The one conditional update that decides a suggestion: 0 when it was no longer pending. */
    @Query("UPDATE assistant_suggestion SET status = :to, decided_at = :now WHERE id = :id AND status = 'PENDING'")
    int decide(UUID id, String to, Instant now);

    /** Records the run a confirmed suggestion became, and the steps it runs (the user may have edited them). */
    @Query("UPDATE assistant_suggestion SET run_id = :runId, steps = :steps WHERE id = :id AND status = 'CONFIRMED'")
    int linkRun(UUID id, UUID runId, String steps);

    @Query("UPDATE assistant_suggestion SET status = 'SUPERSEDED', decided_at = :now WHERE conversation_id = :conversationId AND status = 'PENDING'")
    int supersedePending(UUID conversationId, Instant now);
}
