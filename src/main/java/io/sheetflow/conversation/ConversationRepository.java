package io.sheetflow.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ConversationRepository extends CrudRepository<Conversation, UUID> {

    Optional<Conversation> findByIdAndOwner(UUID id, String owner);

    @Query("SELECT * FROM conversation WHERE owner = :owner ORDER BY updated_at DESC, id LIMIT :limit OFFSET :offset")
    List<Conversation> listByOwner(String owner, int limit, long offset);

    @Query("SELECT * FROM conversation WHERE owner = :owner AND status = :status ORDER BY updated_at DESC, id LIMIT :limit OFFSET :offset")
    List<Conversation> listByOwnerAndStatus(String owner, String status, int limit, long offset);

    @Query("SELECT * FROM conversation ORDER BY updated_at DESC, id LIMIT :limit OFFSET :offset")
    List<Conversation> listAll(int limit, long offset);

    @Query("SELECT * FROM conversation WHERE status = :status ORDER BY updated_at DESC, id LIMIT :limit OFFSET :offset")
    List<Conversation> listAllByStatus(String status, int limit, long offset);

    long countByStatus(ConversationStatus status);

    long countByOwner(String owner);

    long countByOwnerAndStatus(String owner, ConversationStatus status);

    @Query("UPDATE conversation SET message_count = message_count + 1, preview = :preview, updated_at = :now WHERE id = :id")
    void recordMessage(UUID id, @Nullable String preview, Instant now);

    @Query("UPDATE conversation SET message_count = message_count + 1, updated_at = :now WHERE id = :id")
    void countMessage(UUID id, Instant now);

    @Query("UPDATE conversation SET preview = :preview, updated_at = :now WHERE id = :id")
    void updatePreview(UUID id, @Nullable String preview, Instant now);

    @Query("SELECT message_count FROM conversation WHERE id = :id")
    long findMessageCountById(UUID id);

    @Query("UPDATE conversation SET file_count = file_count + :delta, updated_at = :now WHERE id = :id")
    void addFiles(UUID id, long delta, Instant now);

    /** Renames without touching the counters and the event sequence, which other transactions move meanwhile. */
    @Query("UPDATE conversation SET title = :title, updated_at = :now WHERE id = :id")
    int updateTitle(UUID id, @Nullable String title, Instant now);

    @Query("UPDATE conversation SET status = :status, updated_at = :now WHERE id = :id")
    void updateStatus(UUID id, String status, Instant now);

    @Query("UPDATE conversation SET status = :status, last_run_status = :lastRunStatus, updated_at = :now WHERE id = :id")
    void updateRunStatus(UUID id, String status, @Nullable String lastRunStatus, Instant now);
}
