package io.sheetflow.archive;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.Message;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowRunRepository;
import io.sheetflow.workflow.WorkflowStep;
import io.sheetflow.workflow.WorkflowStepRepository;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes a restored conversation's rows, all in one transaction: either all of them exist or none. */
@Singleton
public class RestoredRows {
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final StoredFileRepository files;
    private final WorkflowRunRepository runs;
    private final WorkflowStepRepository steps;
    private final JdbcOperations jdbc;

    public RestoredRows(ConversationRepository conversations, MessageRepository messages, StoredFileRepository files,
                        WorkflowRunRepository runs, WorkflowStepRepository steps, JdbcOperations jdbc) {
        this.conversations = conversations;
        this.messages = messages;
        this.files = files;
        this.runs = runs;
        this.steps = steps;
        this.jdbc = jdbc;
    }

    /** An event of the restored log, its payload already carrying the new ids. */
    public record EventRow(UUID conversationId, long seq, UUID runId, String type, String payload, Instant createdAt) {
    }

    /** Everything a restore writes. */
    public record Plan(Conversation conversation, List<Message> messages, List<StoredFile> files,
                       List<WorkflowRun> runs, List<WorkflowStep> steps, List<EventRow> events) {
    }

    @Transactional
    public Conversation write(Plan plan) {
        Conversation saved = conversations.save(plan.conversation());
        if (!plan.messages().isEmpty()) {
            messages.saveAll(plan.messages());
        }
        if (!plan.files().isEmpty()) {
            files.saveAll(plan.files());
        }
        if (!plan.runs().isEmpty()) {
            runs.saveAll(plan.runs());
        }
        if (!plan.steps().isEmpty()) {
            steps.saveAll(plan.steps());
        }
        if (!plan.events().isEmpty()) {
            jdbc.execute(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO event (conversation_id, seq, run_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (EventRow e : plan.events()) {
                        insert.setObject(1, e.conversationId());
                        insert.setLong(2, e.seq());
                        insert.setObject(3, e.runId());
                        insert.setString(4, e.type());
                        insert.setString(5, e.payload());
                        insert.setTimestamp(6, Timestamp.from(e.createdAt()));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
        }
        return saved;
    }
}
