package io.sheetflow.assistant.chat;

import io.sheetflow.conversation.Conversation;
import io.sheetflow.file.StoredFile;
import io.sheetflow.workflow.RunEndListener;
import io.sheetflow.workflow.RunStatus;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** When a run that a suggestion became ends, the assistant says how it went, naming the output files. */
@Singleton
public class RunResultMessages implements RunEndListener {
    private final SuggestionRepository suggestions;
    private final AssistantReplies replies;

    public RunResultMessages(SuggestionRepository suggestions, AssistantReplies replies) {
        this.suggestions = suggestions;
        this.replies = replies;
    }

    @Override
    public void runEnded(UUID runId, Conversation conversation, RunStatus status, String error, List<StoredFile> outputs) {
        if (suggestions.findByRunId(runId).isEmpty()) {
            return;
        }
        replies.said(conversation, runId, text(status, error, outputs));
    }

    static String text(RunStatus status, String error, List<StoredFile> outputs) {
        return switch (status) {
            case COMPLETED -> outputs.isEmpty() ? "Done: the workflow finished (it wrote no file)."
                    : "Done. Your file" + (outputs.size() == 1 ? " is ready: " : "s are ready: ")
                    + outputs.stream().map(StoredFile::displayName).collect(Collectors.joining(", ")) + ".";
            case CANCELLED -> "The workflow was cancelled; nothing was written.";
            default -> "The workflow did not finish: " + (error == null ? "it failed." : error)
                    + (error != null && error.endsWith(".") ? "" : ".") + " Tell me what to change and I will suggest it again.";
        };
    }
}
