package io.sheetflow.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.ConversationStatus;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.event.ConversationGoneException;
import io.sheetflow.event.EventService;
import io.sheetflow.event.RunEvent;
import io.sheetflow.file.FileKind;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.metrics.Meters;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one owner of every transition of a run and its steps. Each transition is one transaction that writes the
 * run and step rows, the conversation's summary (partial updates and increments only), the history message and
 * the typed event; the event reaches live subscribers after the commit (see {@link EventService}).
 * Transitions that end a run are conditional: the first one to end it wins, and a late one records nothing
 * and answers false.
 */
@Singleton
public class RunLifecycle {
    /** The reason of a run that was running when its server stopped (found at the next start). */
    public static final String INTERRUPTED = "The server stopped while this run was in progress; run the workflow again";
    /** The reason of a run whose worker stopped (timed out, crashed) while it held the run. */
    public static final String WORKER_LOST = "The worker executing this run stopped (it timed out or crashed) "
            + "before the run finished; run the workflow again";
    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);

    private final WorkflowRunRepository runs;
    private final WorkflowStepRepository steps;
    private final ConversationRepository conversations;
    private final StoredFileRepository files;
    private final MessageLog messages;
    private final EventService events;
    private final Links links;
    private final ObjectMapper mapper;
    private final List<RunEndListener> endListeners;
    private final Meters meters;

    public RunLifecycle(WorkflowRunRepository runs, WorkflowStepRepository steps, ConversationRepository conversations,
                        StoredFileRepository files, MessageLog messages, EventService events, Links links,
                        ObjectMapper mapper, List<RunEndListener> endListeners, Meters meters) {
        this.endListeners = endListeners;
        this.meters = meters;
        this.runs = runs;
        this.steps = steps;
        this.conversations = conversations;
        this.files = files;
        this.messages = messages;
        this.events = events;
        this.links = links;
        this.mapper = mapper;
    }

    /** Accepted: the run, its pending steps, the user's history message and {@code workflow_queued}. */
    @Transactional
    public WorkflowRun queued(Conversation conversation, StoredFile input, List<ExecuteRequest.StepRequest> requested,
                              List<String> argumentJson) {
        Instant now = Instant.now();
        UUID runId = UUID.randomUUID();
        List<String> operations = requested.stream().map(s -> s.operation().strip()).toList();
        String requestedSteps;
        try {
            requestedSteps = mapper.writeValueAsString(requested);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("steps", "steps could not be stored");
        }
        WorkflowRun run = runs.save(new WorkflowRun(runId, conversation.id(), conversation.owner(), RunStatus.QUEUED,
                input.id(), requestedSteps, false, null, now, null, null));
        for (int i = 0; i < requested.size(); i++) {
            steps.save(new WorkflowStep(UUID.randomUUID(), runId, i, operations.get(i), argumentJson.get(i),
                    StepStatus.PENDING, 0, null, null, null, null, null, null, null, null));
        }
        conversations.updateRunStatus(conversation.id(), ConversationStatus.ACTIVE.name(), RunStatus.QUEUED.value(), now);
        messages.append(conversation.id(), MessageType.USER, "Run workflow on " + input.displayName() + ": "
                + String.join(" → ", operations), runMetadata(runId));
        long position = runs.queuePosition(runId);
        events.append(conversation.id(), conversation.owner(), runId, new RunEvent.Queued(
                position > 0 ? (int) position : null, requested.size(), input.id().toString(), "Workflow queued"));
        meters.runQueued();
        return run;
    }

    /** A claimed run begins: the conversation is processing, {@code workflow_started} and its history line. */
    @Transactional
    public void started(WorkflowRun run, Conversation conversation, List<WorkflowStep> plan) {
        int total = plan.size();
        conversations.updateRunStatus(conversation.id(), ConversationStatus.PROCESSING.name(), RunStatus.RUNNING.value(),
                Instant.now());
        messages.append(conversation.id(), MessageType.SYSTEM, "Workflow started: " + total + " step"
                + (total == 1 ? "" : "s") + " (" + plan.stream().map(WorkflowStep::operation)
                .collect(Collectors.joining(", ")) + ")", runMetadata(run.id()));
        events.append(conversation.id(), conversation.owner(), run.id(), new RunEvent.Started(total,
                "Workflow execution started"));
        meters.runStarted(run.createdAt());
    }

    @Transactional
    public void stepStarted(WorkflowRun run, Conversation conversation, WorkflowStep step, int total, UUID inputFileId) {
        steps.start(step.id(), inputFileId, Instant.now());
        events.append(conversation.id(), conversation.owner(), run.id(), progress(step, 0, "running",
                "Starting step " + (step.stepIndex() + 1) + "/" + total + ": " + step.operation(), 0L, null));
    }

    @Transactional
    public void stepProgressed(WorkflowRun run, Conversation conversation, WorkflowStep step, int percent,
                               long rowsDone, Long rowsTotal, String message) {
        steps.progress(step.id(), percent, rowsDone, rowsTotal);
        events.append(conversation.id(), conversation.owner(), run.id(), progress(step, percent, "running", message,
                rowsDone, rowsTotal));
    }

    /**
     * A step finished with its stored files: the step row, {@code progress} 100, {@code step_result} and the
     * history line naming the files. {@code rowsDone} (when known) is the exact row count, replacing estimates.
     */
    @Transactional
    public void stepCompleted(WorkflowRun run, Conversation conversation, WorkflowStep step, int total,
                              List<StoredFile> stored, Map<String, Object> resultData, String resultJson, Long rowsDone) {
        UUID chatId = conversation.id();
        if (rowsDone != null) {
            steps.progress(step.id(), 100, rowsDone, rowsDone);
        }
        steps.finish(step.id(), StepStatus.COMPLETED.name(), 100,
                stored.stream().map(f -> f.id().toString()).collect(Collectors.joining(",")), resultJson, null, Instant.now());
        List<Map<String, Object>> outputViews = stored.stream()
                .map(f -> FileService.describe(f, links.fileDownload(chatId, f.id()))).toList();
        messages.append(chatId, MessageType.STEP_RESULT, "Step " + (step.stepIndex() + 1) + "/" + total + " "
                        + step.operation() + " completed" + (stored.isEmpty() ? ""
                        : ": " + stored.stream().map(StoredFile::displayName).collect(Collectors.joining(", "))),
                Map.of("run_id", run.id().toString(), "step_id", step.id().toString(), "output_files", outputViews));
        events.append(chatId, conversation.owner(), run.id(), progress(step, 100, "completed",
                "Step completed successfully", rowsDone, rowsDone));
        events.append(chatId, conversation.owner(), run.id(), new RunEvent.StepResult(step.id().toString(),
                step.stepIndex(), step.operation(), resultData, outputViews));
    }

    @Transactional
    public void stepCancelled(WorkflowRun run, Conversation conversation, WorkflowStep step, int progress) {
        steps.finish(step.id(), StepStatus.CANCELLED.name(), progress, null, null, "Cancelled", Instant.now());
        events.append(conversation.id(), conversation.owner(), run.id(), progress(step, null, "cancelled",
                "Step cancelled", null, null));
    }

    @Transactional
    public void stepFailed(WorkflowRun run, Conversation conversation, WorkflowStep step, int progress, String reason) {
        steps.finish(step.id(), StepStatus.FAILED.name(), progress, null, null, reason, Instant.now());
        events.append(conversation.id(), conversation.owner(), run.id(), progress(step, null, "failed",
                "Step failed: " + reason, null, null));
    }

    /**
     * The run completed: the files of the last step that produced any become its outputs (later steps may only
     * report), then the run, the conversation, {@code workflow_completed} and the history line.
     *
     * @return false when the run had already been ended elsewhere (nothing is recorded)
     */
    @Transactional
    public boolean completed(WorkflowRun run, Conversation conversation, int total, List<StoredFile> outputs) {
        Instant now = Instant.now();
        if (!end(run, conversation, RunStatus.COMPLETED, null, now)) {
            return false;
        }
        List<StoredFile> finals = promoteFinalFiles(outputs);
        messages.append(conversation.id(), MessageType.SYSTEM, "Workflow completed: " + outputs.size()
                + " output file" + (outputs.size() == 1 ? "" : "s"), runMetadata(run.id()));
        events.append(conversation.id(), conversation.owner(), run.id(), new RunEvent.Completed(total, outputs.size(),
                "Workflow completed successfully"));
        ended(run.id(), conversation, RunStatus.COMPLETED, null, finals);
        meters.runEnded(Meters.tag(RunStatus.COMPLETED), operationAt(run.id(), total - 1), run.startedAt());
        return true;
    }

    /** A running run stopped at a cancellation check; its open steps are cancelled. */
    @Transactional
    public boolean cancelled(WorkflowRun run, Conversation conversation, int stepIndex) {
        Instant now = Instant.now();
        if (!end(run, conversation, RunStatus.CANCELLED, null, now)) {
            return false;
        }
        steps.finishOpenSteps(run.id(), StepStatus.CANCELLED.name(), "Cancelled", now);
        messages.append(conversation.id(), MessageType.SYSTEM, "Workflow cancelled", runMetadata(run.id()));
        events.append(conversation.id(), conversation.owner(), run.id(), new RunEvent.Cancelled(stepIndex,
                "Workflow cancelled"));
        ended(run.id(), conversation, RunStatus.CANCELLED, null, List.of());
        meters.runEnded(Meters.tag(RunStatus.CANCELLED), operationAt(run.id(), stepIndex), run.startedAt());
        return true;
    }

    /** A step failed: the steps after it are skipped and the run fails with {@code error}. */
    @Transactional
    public boolean failed(WorkflowRun run, Conversation conversation, int stepIndex, String error) {
        Instant now = Instant.now();
        if (!end(run, conversation, RunStatus.FAILED, error, now)) {
            return false;
        }
        steps.finishOpenSteps(run.id(), StepStatus.SKIPPED.name(), "Skipped: an earlier step failed", now);
        messages.append(conversation.id(), MessageType.ERROR, error, runMetadata(run.id()));
        events.append(conversation.id(), conversation.owner(), run.id(), new RunEvent.Failed(stepIndex, error,
                "Workflow execution failed"));
        ended(run.id(), conversation, RunStatus.FAILED, error, List.of());
        meters.runEnded(Meters.tag(RunStatus.FAILED), operationAt(run.id(), stepIndex), run.startedAt());
        return true;
    }

    /** A queued run was cancelled (or found cancel-requested by the worker that would have claimed it). */
    @Transactional
    public boolean cancelledBeforeStart(UUID runId) {
        Instant now = Instant.now();
        if (runs.cancelIfQueued(runId, now) == 0) {
            return false;
        }
        WorkflowRun run = runs.findById(runId).orElseThrow();
        steps.finishOpenSteps(runId, StepStatus.CANCELLED.name(), "Cancelled before start", now);
        Conversation conversation = conversations.findById(run.conversationId())
                .orElseThrow(() -> new ConversationGoneException(run.conversationId()));
        conversations.updateRunStatus(conversation.id(), ConversationStatus.ACTIVE.name(), RunStatus.CANCELLED.value(), now);
        messages.append(conversation.id(), MessageType.SYSTEM, "Workflow cancelled", runMetadata(runId));
        events.append(conversation.id(), conversation.owner(), runId, new RunEvent.Cancelled(0,
                "Workflow cancelled before it started"));
        ended(runId, conversation, RunStatus.CANCELLED, null, List.of());
        meters.runEnded(Meters.tag(RunStatus.CANCELLED), Meters.NO_OPERATION, null);
        return true;
    }

    /** Start-up: a run still {@code running} was interrupted by the stop of this server (or its crash). */
    @Transactional
    public boolean serverStopped(UUID runId) {
        Instant now = Instant.now();
        if (runs.finish(runId, RunStatus.FAILED.name(), INTERRUPTED, now) == 0) {
            return false;
        }
        return failedOutsideAStep(runId, INTERRUPTED, now);
    }

    /** A run still running whose lease expired before {@code expiredBefore}: its worker is gone. */
    @Transactional
    public boolean workerLost(UUID runId, Instant expiredBefore) {
        Instant now = Instant.now();
        if (runs.failIfLeaseExpired(runId, WORKER_LOST, expiredBefore, now) == 0) {
            return false;
        }
        return failedOutsideAStep(runId, WORKER_LOST, now);
    }

    /** A queued run that can never be picked up (e.g. its queue message could not be sent). */
    @Transactional
    public boolean failedWhileQueued(UUID runId, String reason) {
        Instant now = Instant.now();
        if (runs.failIfQueued(runId, reason, now) == 0) {
            return false;
        }
        return failedOutsideAStep(runId, reason, now);
    }

    private boolean failedOutsideAStep(UUID runId, String reason, Instant now) {
        WorkflowRun run = runs.findById(runId).orElseThrow();
        steps.finishOpenSteps(runId, StepStatus.FAILED.name(), reason, now);
        meters.runEnded(Meters.tag(RunStatus.FAILED), Meters.NO_OPERATION, run.startedAt());
        Conversation conversation = conversations.findById(run.conversationId()).orElse(null);
        if (conversation == null) {
            return true;
        }
        conversations.updateRunStatus(conversation.id(), ConversationStatus.FAILED.name(), RunStatus.FAILED.value(), now);
        messages.append(conversation.id(), MessageType.ERROR, reason, runMetadata(runId));
        events.append(conversation.id(), conversation.owner(), runId, new RunEvent.Failed(null, reason,
                "Workflow execution failed"));
        ended(runId, conversation, RunStatus.FAILED, reason, List.of());
        LOG.warn("Run {} failed: {}", runId, reason);
        return true;
    }

    private boolean end(WorkflowRun run, Conversation conversation, RunStatus status, String error, Instant now) {
        if (runs.finish(run.id(), status.name(), error, now) == 0) {
            LOG.warn("Run {} was already ended elsewhere; its {} outcome is not recorded", run.id(), status.value());
            return false;
        }
        ConversationStatus conversationStatus = switch (status) {
            case COMPLETED -> ConversationStatus.COMPLETED;
            case FAILED -> ConversationStatus.FAILED;
            default -> ConversationStatus.ACTIVE;
        };
        conversations.updateRunStatus(conversation.id(), conversationStatus.name(), status.value(), now);
        return true;
    }

    /** The operation of the run's step at {@code index} (the metrics' tag), {@link Meters#NO_OPERATION} without one. */
    private String operationAt(UUID runId, int index) {
        return steps.findByRunIdOrderByStepIndex(runId).stream().filter(s -> s.stepIndex() == index)
                .map(WorkflowStep::operation).findFirst().orElse(Meters.NO_OPERATION);
    }

    /** In the transaction that ends the run, so what a listener records stands or falls with the run's end. */
    private void ended(UUID runId, Conversation conversation, RunStatus status, String error, List<StoredFile> outputs) {
        for (RunEndListener listener : endListeners) {
            listener.runEnded(runId, conversation, status, error, outputs);
        }
    }

    /** @return the files of the last step that produced any: the run's outputs */
    private List<StoredFile> promoteFinalFiles(List<StoredFile> outputs) {
        if (outputs.isEmpty()) {
            return List.of();
        }
        UUID lastProducer = outputs.get(outputs.size() - 1).producedByStep();
        List<UUID> finals = new ArrayList<>();
        for (StoredFile file : outputs) {
            if (file.kind() == FileKind.INTERMEDIATE && Objects.equals(file.producedByStep(), lastProducer)) {
                finals.add(file.id());
            }
        }
        if (!finals.isEmpty()) {
            files.updateKind(finals, FileKind.OUTPUT.name());
        }
        return outputs.stream().filter(f -> Objects.equals(f.producedByStep(), lastProducer)).toList();
    }

    private static RunEvent.Progress progress(WorkflowStep step, Integer percent, String status, String message,
                                              Long rowsDone, Long rowsTotal) {
        return new RunEvent.Progress(step.id().toString(), step.stepIndex(), step.operation(), percent, status, message,
                rowsDone != null && rowsDone >= 0 ? rowsDone : null, rowsTotal);
    }

    private static Map<String, Object> runMetadata(UUID runId) {
        return Map.of("run_id", runId.toString());
    }
}
