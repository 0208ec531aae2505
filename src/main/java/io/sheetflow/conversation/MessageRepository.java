package io.sheetflow.conversation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MessageRepository extends CrudRepository<Message, UUID> {

    /** The newest {@code limit} messages numbered below {@code before}, newest first. */
    @Query("SELECT * FROM message WHERE conversation_id = :conversationId AND number < :before ORDER BY number DESC LIMIT :limit")
    List<Message> pageBefore(UUID conversationId, long before, int limit);

    /** The whole history in order (archives). */
    List<Message> findByConversationIdOrderByNumber(UUID conversationId);

    Optional<Message> findByConversationIdAndClientMessageId(UUID conversationId, String clientMessageId);

    Optional<Message> findByIdAndConversationId(UUID id, UUID conversationId);

    /** The assistant reply to a user message. */
    Optional<Message> findByReplyTo(UUID replyTo);

    List<Message> findByStateInOrderByCreatedAt(List<MessageState> states);

    /** Moves a reply from one state to the next; 0 when it is no longer in {@code from}. */
    @Query("UPDATE message SET state = :to WHERE id = :id AND state = :from")
    int moveState(UUID id, String from, String to);

    /** Appends a chunk of a reply's text while it streams. */
    @Query("UPDATE message SET content = content || :chunk, state = 'STREAMING' WHERE id = :id AND state IN ('PROCESSING', 'STREAMING')")
    int appendChunk(UUID id, String chunk);

    /** A reply's final text and metadata; 0 when it had already ended. */
    @Query("UPDATE message SET content = :content, metadata = :metadata, state = :state WHERE id = :id AND state IN ('QUEUED', 'PROCESSING', 'STREAMING')")
    int finish(UUID id, String content, @Nullable String metadata, String state);

    /** The conversation's replies not ended yet (queued or being written), oldest first: see {@link QueuePositions}. */
    @Query("SELECT * FROM message WHERE conversation_id = :conversationId AND state IN ('QUEUED', 'PROCESSING', 'STREAMING') ORDER BY number")
    List<Message> findUnfinished(UUID conversationId);

    /** The conversation's oldest queued reply. */
    @Query("SELECT * FROM message WHERE conversation_id = :conversationId AND state = 'QUEUED' ORDER BY number LIMIT 1")
    Optional<Message> findOldestQueued(UUID conversationId);

    /** The conversation's replies being written by a worker that claimed them before {@code before}. */
    @Query("SELECT * FROM message WHERE conversation_id = :conversationId AND state IN ('PROCESSING', 'STREAMING') AND claimed_at < :before ORDER BY number")
    List<Message> findClaimedBefore(UUID conversationId, Instant before);

    /**
     * Claims a queued reply (QUEUED -> PROCESSING) only while no other reply of its conversation is being written
     * (unless that one was claimed before {@code staleBefore}) and none older is still queued: one reply at a time
     * per conversation, in order, whichever execution environment claims it. 0 when not claimed.
     */
    @Query("""
            UPDATE message SET state = 'PROCESSING', claimed_at = :now WHERE id = :id AND state = 'QUEUED'
              AND NOT EXISTS (SELECT 1 FROM message w WHERE w.conversation_id = :conversationId
                  AND w.state IN ('PROCESSING', 'STREAMING') AND (w.claimed_at IS NULL OR w.claimed_at >= :staleBefore))
              AND NOT EXISTS (SELECT 1 FROM message q WHERE q.conversation_id = :conversationId
                  AND q.state = 'QUEUED' AND q.number < :number)""")
    int claimInTurn(UUID id, UUID conversationId, long number, Instant now, Instant staleBefore);
}
