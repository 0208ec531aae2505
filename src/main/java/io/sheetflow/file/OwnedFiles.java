package io.sheetflow.file;

import io.micronaut.http.HttpRequest;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.security.CallerResolver;
import jakarta.inject.Singleton;

import java.util.UUID;

/** A stored file by id, for a caller who owns its conversation: the check every file-by-id endpoint makes. */
@Singleton
public class OwnedFiles {
    private final StoredFileRepository repository;
    private final ConversationAccess access;
    private final CallerResolver callers;

    public OwnedFiles(StoredFileRepository repository, ConversationAccess access, CallerResolver callers) {
        this.repository = repository;
        this.access = access;
        this.callers = callers;
    }

    /** @throws ApiException 404 for an unknown conversation or file, or one of another conversation */
    public StoredFile require(HttpRequest<?> request, String chatId, String fileId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        UUID id = ConversationAccess.parseId(fileId, "File not found");
        return repository.findByIdAndConversationId(id, c.id())
                .orElseThrow(() -> ApiException.notFound("File not found"));
    }
}
