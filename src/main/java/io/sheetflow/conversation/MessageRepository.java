package io.sheetflow.conversation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import io.micronaut.core.annotation.Nullable;

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
}
