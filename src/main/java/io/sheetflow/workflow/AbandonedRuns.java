package io.sheetflow.workflow;

import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.ConversationStatus;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.event.ConversationGoneException;
import io.sheetflow.event.EventService;
import io.sheetflow.event.EventTypes;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Runs left {@code running} by an execution that will never finish them (a crashed server, a worker that timed
 * out or died): they end as failed with a clear reason, their open steps closed, and the failure is published
 * and written to the history like any other.
 */
@Singleton
public class AbandonedRuns {
    public static final String WORKER_LOST = "The worker executing this run stopped (it timed out or crashed) "
            + "before the run finished; run the workflow again";
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedRuns.class);

    private final WorkflowRunRepository runs;
    private final WorkflowStepRepository steps;
    private final ConversationRepository conversations;
    private final EventService events;
    private final MessageLog messages;

    public AbandonedRuns(WorkflowRunRepository runs, WorkflowStepRepository steps, ConversationRepository conversations,
                         EventService events, MessageLog messages) {
        this.runs = runs;
        this.steps = steps;
        this.conversations = conversations;
        this.events = events;
        this.messages = messages;
    }

    /** Fails the run if it is running with its lease expired; true when this call failed it (only one can). */
    public boolean failIfLeaseExpired(UUID runId, Instant now) {
        if (runs.failIfLeaseExpired(runId, WORKER_LOST, now, now) == 0) {
            return false;
        }
        runs.findById(runId).ifPresent(run -> recordFailed(run, WORKER_LOST, now));
        return true;
    }

    /** Fails a run that is still queued but can never be picked up (e.g. its queue message could not be sent). */
    public boolean failQueued(UUID runId, String reason) {
        Instant now = Instant.now();
        if (runs.failIfQueued(runId, reason, now) == 0) {
            return false;
        }
        runs.findById(runId).ifPresent(run -> recordFailed(run, reason, now));
        return true;
    }

    /** Fails the runs whose lease expired before {@code expiredBefore} (at most {@code limit}); returns how many. */
    public int failLeaseExpired(Instant expiredBefore, int limit) {
        int failed = 0;
        for (WorkflowRun run : runs.findLeaseExpired(expiredBefore, limit)) {
            Instant now = Instant.now();
            if (runs.failIfLeaseExpired(run.id(), WORKER_LOST, expiredBefore, now) == 1) {
                recordFailed(run, WORKER_LOST, now);
                failed++;
            }
        }
        if (failed > 0) {
            LOG.warn("Failed {} run(s) whose worker stopped before finishing them", failed);
        }
        return failed;
    }

    /** For a run already set to failed: closes its open steps, updates its conversation, publishes and records it. */
    void recordFailed(WorkflowRun run, String reason, Instant now) {
        steps.finishOpenSteps(run.id(), StepStatus.FAILED.name(), reason, now);
        conversations.findById(run.conversationId()).ifPresent(c -> {
            try {
                conversations.updateRunStatus(c.id(), ConversationStatus.FAILED.name(), RunStatus.FAILED.value(), now);
                events.publish(c.id(), c.owner(), run.id(), EventTypes.WORKFLOW_FAILED,
                        RunExecutor.fields("error", reason, "message", "Workflow execution failed"));
                messages.append(c.id(), MessageType.ERROR, reason, Map.of("run_id", run.id().toString()));
            } catch (ConversationGoneException e) {
                LOG.debug("Conversation of run {} was deleted meanwhile", run.id());
            }
        });
    }
}
