package io.sheetflow.assistant.chat;

import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.FileFactsReader;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.work.WorkDirectory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The facts of a conversation's table files (CSV and Excel) for the planner. Stored files never change, so their
 * facts are kept in memory by file id (a bounded cache, emptied when full); a file that cannot be read as a
 * table is left out.
 */
@Singleton
public class ConversationFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationFiles.class);
    private static final int CACHED_FILES = 256;
    private static final Set<SheetFormat> TABLES = Set.of(SheetFormat.CSV, SheetFormat.XLSX, SheetFormat.XLS);

    private final StoredFileRepository files;
    private final FileService fileService;
    private final FileFactsReader reader;
    private final WorkDirectory work;
    private final Map<UUID, FileFacts> cache = new ConcurrentHashMap<>();

    public ConversationFiles(StoredFileRepository files, FileService fileService, FileFactsReader reader,
                             WorkDirectory work) {
        this.files = files;
        this.fileService = fileService;
        this.reader = reader;
        this.work = work;
    }

    public List<FileFacts> facts(Conversation conversation) {
        List<FileFacts> facts = new ArrayList<>();
        for (StoredFile file : files.findByConversationIdOrderByCreatedAt(conversation.id())) {
            if (!SheetFormat.fromFileName(file.displayName()).map(TABLES::contains).orElse(false)) {
                continue;
            }
            FileFacts known = cache.get(file.id());
            if (known == null) {
                known = read(file);
                if (known == null) {
                    continue;
                }
                if (cache.size() >= CACHED_FILES) {
                    cache.clear();
                }
                cache.put(file.id(), known);
            }
            facts.add(known);
        }
        return facts;
    }

    private FileFacts read(StoredFile file) {
        Path dir = work.previews();
        Path local = null;
        try {
            local = fileService.materialise(file, dir);
            return reader.read(local, file.id().toString(), file.displayName(), kind(file), file.createdAt());
        } catch (IOException | RuntimeException e) {
            LOG.info("File {} of conversation {} is left out of the assistant's facts: {}", file.id(),
                    file.conversationId(), e.toString());
            return null;
        } finally {
            if (local != null && local.startsWith(dir)) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // a scratch copy; the next start clears the work directory
                }
            }
        }
    }

    private static String kind(StoredFile file) {
        return switch (file.kind()) {
            case UPLOADED -> "upload";
            case OUTPUT -> "output";
            case INTERMEDIATE -> "intermediate";
        };
    }
}
