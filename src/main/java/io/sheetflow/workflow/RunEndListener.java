package io.sheetflow.workflow;

import io.micronaut.core.annotation.Nullable;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.file.StoredFile;

import java.util.List;
import java.util.UUID;

/**
 * Told when a run ends, inside the transaction that records the end (what it writes commits or rolls back with
 * it). {@code outputs} are the run's output files (empty unless it completed).
 */
public interface RunEndListener {
    void runEnded(UUID runId, Conversation conversation, RunStatus status, @Nullable String error, List<StoredFile> outputs);
}
