package io.sheetflow.file;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageType;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;

/** Records a stored file, the conversation's file count and (for uploads) the history message in one transaction. */
@Singleton
public class FileCatalog {
    private final StoredFileRepository files;
    private final ConversationRepository conversations;
    private final MessageLog messages;

    public FileCatalog(StoredFileRepository files, ConversationRepository conversations, MessageLog messages) {
        this.files = files;
        this.conversations = conversations;
        this.messages = messages;
    }

    @Transactional
    public StoredFile add(StoredFile file, @Nullable String historyMessage) {
        StoredFile saved = files.save(file);
        conversations.addFiles(file.conversationId(), 1, Instant.now());
        if (historyMessage != null) {
            messages.append(file.conversationId(), MessageType.FILE_UPLOAD, historyMessage,
                    Map.of("file_id", file.id().toString(), "filename", file.displayName(), "size", file.sizeBytes()));
        }
        return saved;
    }
}
