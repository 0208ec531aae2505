package io.sheetflow.workflow;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.ConversationStatus;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.event.EventService;
import io.sheetflow.event.EventTypes;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;

/**
 * At start-up: runs left {@code running} by a crash are failed with a clear reason (their partial work is
 * not trustworthy), and runs still {@code queued} are queued again in their original order.
 */
@Singleton
@Requires(notEnv = "lambda")
public class RunRecovery {
    static final String INTERRUPTED = "The server stopped while this run was in progress; run the workflow again";
    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

    private final WorkflowRunRepository runs;
    private final WorkflowStepRepository steps;
    private final ConversationRepository conversations;
    private final EventService events;
    private final MessageLog messages;
    private final RunQueue queue;

    public RunRecovery(WorkflowRunRepository runs, WorkflowStepRepository steps, ConversationRepository conversations,
                       EventService events, MessageLog messages, RunQueue queue) {
        this.runs = runs;
        this.steps = steps;
        this.conversations = conversations;
        this.events = events;
        this.messages = messages;
        this.queue = queue;
    }

    @EventListener
    public void onStartup(StartupEvent event) {
        recover();
    }

    public void recover() {
        var interrupted = runs.findByStatusOrderByCreatedAt(RunStatus.RUNNING);
        for (WorkflowRun run : interrupted) {
            Instant now = Instant.now();
            steps.finishOpenSteps(run.id(), StepStatus.FAILED.name(), INTERRUPTED, now);
            runs.finish(run.id(), RunStatus.FAILED.name(), INTERRUPTED, now);
            conversations.findById(run.conversationId()).ifPresent(c -> {
                conversations.updateRunStatus(c.id(), ConversationStatus.FAILED.name(), RunStatus.FAILED.value(), now);
                events.publish(c.id(), c.owner(), run.id(), EventTypes.WORKFLOW_FAILED,
                        RunExecutor.fields("error", INTERRUPTED, "message", "Workflow execution failed"));
                messages.append(c.id(), MessageType.ERROR, INTERRUPTED, Map.of("run_id", run.id().toString()));
            });
        }
        var queued = runs.findByStatusOrderByCreatedAt(RunStatus.QUEUED);
        queued.forEach(run -> queue.submit(run.id()));
        if (!interrupted.isEmpty() || !queued.isEmpty()) {
            LOG.info("Recovered runs: {} interrupted marked failed, {} queued resumed", interrupted.size(), queued.size());
        }
    }
}
