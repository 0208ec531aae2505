package io.sheetflow.file;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface StoredFileRepository extends CrudRepository<StoredFile, UUID> {

    List<StoredFile> findByConversationIdOrderByCreatedAt(UUID conversationId);

    Optional<StoredFile> findByIdAndConversationId(UUID id, UUID conversationId);

    @Query("SELECT * FROM stored_file WHERE conversation_id = :conversationId AND display_name = :displayName ORDER BY created_at DESC, id LIMIT 1")
    Optional<StoredFile> findLatestByName(UUID conversationId, String displayName);

    /** The conversation's file with this id, else the latest of this display name (how steps name files). */
    default Optional<StoredFile> findByIdOrLatestName(UUID conversationId, String idOrName) {
        String wanted = idOrName.strip();
        Optional<StoredFile> byId = Optional.empty();
        try {
            byId = findByIdAndConversationId(UUID.fromString(wanted), conversationId);
        } catch (IllegalArgumentException notAnId) {
            // a display name
        }
        return byId.or(() -> findLatestByName(conversationId, wanted));
    }

    @Query("SELECT * FROM stored_file WHERE conversation_id = :conversationId AND kind = 'UPLOADED' ORDER BY created_at DESC, id LIMIT 1")
    Optional<StoredFile> findLatestUpload(UUID conversationId);

    boolean existsByConversationIdAndDisplayName(UUID conversationId, String displayName);

    List<StoredFile> findByIdIn(List<UUID> ids);

    @Query("UPDATE stored_file SET kind = :kind WHERE id IN (:ids)")
    void updateKind(List<UUID> ids, String kind);
}
