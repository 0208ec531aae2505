package io.sheetflow.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.ConversationStatus;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.event.ConversationGoneException;
import io.sheetflow.event.EventService;
import io.sheetflow.event.EventTypes;
import io.sheetflow.file.FileKind;
import io.sheetflow.file.FileNames;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.SheetFormat;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Executes one claimed run: steps in order, each step's first output feeding the next, every output
 * stored and recorded, events and history messages along the way.
 */
@Singleton
public class RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    private final WorkflowRunRepository runs;
    private final WorkflowStepRepository steps;
    private final ConversationRepository conversations;
    private final StoredFileRepository files;
    private final FileService fileService;
    private final OperationRegistry operations;
    private final EventService events;
    private final MessageLog messages;
    private final CancellationRegistry cancellations;
    private final RunCompletions completions;
    private final EventSettings eventSettings;
    private final Links links;
    private final ObjectMapper mapper;
    private final WorkerName worker;
    private final Path workRoot;
    private final Duration defaultLease;
    private final ReentrantLock outputNaming = new ReentrantLock();

    public RunExecutor(WorkflowRunRepository runs, WorkflowStepRepository steps, ConversationRepository conversations,
                       StoredFileRepository files, FileService fileService, OperationRegistry operations,
                       EventService events, MessageLog messages, CancellationRegistry cancellations,
                       RunCompletions completions, EventSettings eventSettings, Links links, ObjectMapper mapper,
                       WorkerName worker, @Value("${sheetflow.runs.work-dir}") Path workRoot,
                       @Value("${sheetflow.runs.lease:16m}") Duration defaultLease) {
        this.runs = runs;
        this.steps = steps;
        this.conversations = conversations;
        this.files = files;
        this.fileService = fileService;
        this.operations = operations;
        this.events = events;
        this.messages = messages;
        this.cancellations = cancellations;
        this.completions = completions;
        this.eventSettings = eventSettings;
        this.links = links;
        this.mapper = mapper;
        this.worker = worker;
        this.workRoot = workRoot;
        this.defaultLease = defaultLease;
    }

    /** Claims the run for the default lease and executes it; see {@link #execute(UUID, Duration)}. */
    public boolean execute(UUID runId) {
        return execute(runId, defaultLease);
    }

    /**
     * Claims the run atomically (queued to running, recording this worker and a lease that must outlast this
     * execution) and executes it; returns quietly if someone else claimed it or it was cancelled first.
     *
     * @return true when this call claimed the run (and so executed it)
     * @throws RuntimeException when the claim itself failed (e.g. the database is unreachable): nothing ran
     */
    public boolean execute(UUID runId, Duration lease) {
        try {
            Instant now = Instant.now();
            if (runs.claim(runId, worker.name(), now, now.plus(lease)) == 0) {
                runs.findById(runId).filter(r -> r.status() == RunStatus.QUEUED && r.cancelRequested())
                        .ifPresent(this::finishCancelledBeforeStart);
                return false;
            }
            try {
                executeClaimedRun(runId);
            } catch (ConversationGoneException e) {
                LOG.info("Run {} stopped: its conversation was deleted", runId);
            } catch (RuntimeException e) {
                LOG.error("Run {} could not be executed", runId, e);
            }
            return true;
        } finally {
            completions.completed(runId);
        }
    }

    private void executeClaimedRun(UUID runId) {
        WorkflowRun run = runs.findById(runId).orElseThrow();
        Conversation conversation = conversations.findById(run.conversationId()).orElse(null);
        if (conversation == null) {
            return;
        }
        AtomicBoolean cancelled = cancellations.register(runId);
        try {
            executeClaimed(run, conversation, cancelled);
        } finally {
            cancellations.unregister(runId);
        }
    }

    private void executeClaimed(WorkflowRun run, Conversation conversation, AtomicBoolean cancelled) {
        List<WorkflowStep> plan = steps.findByRunIdOrderByStepIndex(run.id());
        int total = plan.size();
        String owner = conversation.owner();
        conversations.updateRunStatus(conversation.id(), ConversationStatus.PROCESSING.name(), RunStatus.RUNNING.value(), Instant.now());
        events.publish(conversation.id(), owner, run.id(), EventTypes.WORKFLOW_STARTED, fields(
                "total_steps", total, "message", "Workflow execution started"));
        messages.append(conversation.id(), MessageType.SYSTEM, "Workflow started: " + total + " step"
                + (total == 1 ? "" : "s") + " (" + plan.stream().map(WorkflowStep::operation).collect(Collectors.joining(", ")) + ")",
                Map.of("run_id", run.id().toString()));

        Path workDir = workRoot.resolve("runs").resolve(run.id().toString());
        StoredFile input = run.inputFileId() == null ? null : files.findById(run.inputFileId()).orElse(null);
        List<StoredFile> outputs = new ArrayList<>();
        int current = 0;
        try {
            if (input == null) {
                throw new OperationFailedException("The input file of this run no longer exists");
            }
            for (WorkflowStep step : plan) {
                current = step.stepIndex();
                List<StoredFile> stepOutputs = executeStep(run, conversation, step, total, input, workDir, cancelled);
                outputs.addAll(stepOutputs);
                if (!stepOutputs.isEmpty()) {
                    input = stepOutputs.get(0);
                }
            }
            promoteFinalFiles(outputs);
            if (!finish(run, conversation, RunStatus.COMPLETED, null)) {
                return;
            }
            events.publish(conversation.id(), owner, run.id(), EventTypes.WORKFLOW_COMPLETED, fields(
                    "total_steps", total, "output_files_count", outputs.size(),
                    "message", "Workflow completed successfully"));
            messages.append(conversation.id(), MessageType.SYSTEM, "Workflow completed: " + outputs.size()
                    + " output file" + (outputs.size() == 1 ? "" : "s"), Map.of("run_id", run.id().toString()));
        } catch (RunCancelledException e) {
            steps.finishOpenSteps(run.id(), StepStatus.CANCELLED.name(), "Cancelled", Instant.now());
            if (!finish(run, conversation, RunStatus.CANCELLED, null)) {
                return;
            }
            events.publish(conversation.id(), owner, run.id(), EventTypes.WORKFLOW_CANCELLED, fields(
                    "step_index", current, "message", "Workflow cancelled"));
            messages.append(conversation.id(), MessageType.SYSTEM, "Workflow cancelled", Map.of("run_id", run.id().toString()));
        } catch (ConversationGoneException e) {
            throw e;
        } catch (Exception e) {
            String reason = userMessage(e, run);
            String error = "Workflow failed at step " + (current + 1) + "/" + total + ": " + reason;
            LOG.warn("Run {} failed at step {}/{}: {}", run.id(), current + 1, total, reason);
            steps.finishOpenSteps(run.id(), StepStatus.SKIPPED.name(), "Skipped: an earlier step failed", Instant.now());
            if (!finish(run, conversation, RunStatus.FAILED, error)) {
                return;
            }
            events.publish(conversation.id(), owner, run.id(), EventTypes.WORKFLOW_FAILED, fields(
                    "step_index", current, "error", error, "message", "Workflow execution failed"));
            messages.append(conversation.id(), MessageType.ERROR, error, Map.of("run_id", run.id().toString()));
        } finally {
            deleteRecursively(workDir);
        }
    }

    private List<StoredFile> executeStep(WorkflowRun run, Conversation conversation, WorkflowStep step, int total,
                                         StoredFile input, Path workDir, AtomicBoolean cancelled) throws Exception {
        if (cancelled.get()) {
            throw new RunCancelledException();
        }
        UUID chatId = conversation.id();
        String owner = conversation.owner();
        steps.start(step.id(), input.id(), Instant.now());
        events.publish(chatId, owner, run.id(), EventTypes.PROGRESS, progressFields(step, 0, "running",
                "Starting step " + (step.stepIndex() + 1) + "/" + total + ": " + step.operation(), 0L, null));

        StepProgress progress = new StepProgress(cancelled,
                () -> runs.findById(run.id()).map(WorkflowRun::cancelRequested).orElse(true),
                (percent, done, rowsTotal, message) -> {
                    Long totalOrNull = rowsTotal > 0 ? rowsTotal : null;
                    steps.progress(step.id(), percent, done, totalOrNull);
                    // Progress is fire-and-forget: the step does not wait for the commit of each update.
                    events.publishAsync(chatId, owner, run.id(), EventTypes.PROGRESS,
                            progressFields(step, percent, "running", message, done, totalOrNull));
                }, eventSettings);

        List<StoredFile> stored = new ArrayList<>();
        try {
            Operation<?> operation = operations.find(step.operation()).orElseThrow(() ->
                    new OperationFailedException("Operation " + step.operation() + " is no longer available"));
            Path stepDir = workDir.resolve("step-" + step.stepIndex());
            Files.createDirectories(stepDir);
            Path localInput = fileService.materialise(input, stepDir);
            SheetFormat format = SheetFormat.fromFileName(input.displayName()).orElse(SheetFormat.TEXT);
            StepContext context = new StepContext(new InputFile(input.id().toString(), input.displayName(), format,
                    localInput, input.sizeBytes()), stepDir, progress, (nameOrId, dir) -> conversationFile(chatId, nameOrId, dir));
            StepResult result = run(operation, step, context);
            if (cancelled.get()) {
                throw new RunCancelledException();
            }
            boolean last = step.stepIndex() == total - 1;
            for (OutputFile output : context.outputs()) {
                if (Files.exists(output.path())) {
                    stored.add(storeOutput(conversation, output, last ? FileKind.OUTPUT : FileKind.INTERMEDIATE, step.id()));
                }
            }
            // Totals may have been estimates (e.g. CSV by bytes); at the end the rows done are the exact total.
            Long rowsDone = progress.rowsSeen() >= 0 ? progress.rowsSeen() : null;
            if (rowsDone != null) {
                steps.progress(step.id(), 100, rowsDone, rowsDone);
            }
            Map<String, Object> resultData = result == null || result.data() == null ? Map.of() : result.data();
            steps.finish(step.id(), StepStatus.COMPLETED.name(), 100,
                    stored.stream().map(f -> f.id().toString()).collect(Collectors.joining(",")),
                    mapper.writeValueAsString(resultData), null, Instant.now());
            events.publish(chatId, owner, run.id(), EventTypes.PROGRESS, progressFields(step, 100, "completed",
                    "Step completed successfully", rowsDone, rowsDone));
            List<Map<String, Object>> outputViews = stored.stream()
                    .map(f -> FileService.describe(f, links.fileDownload(chatId, f.id()))).toList();
            events.publish(chatId, owner, run.id(), EventTypes.STEP_RESULT, fields(
                    "step_id", step.id().toString(), "step_index", step.stepIndex(), "operation", step.operation(),
                    "result", resultData, "output_files", outputViews));
            messages.append(chatId, MessageType.STEP_RESULT, "Step " + (step.stepIndex() + 1) + "/" + total + " "
                    + step.operation() + " completed" + (stored.isEmpty() ? ""
                    : ": " + stored.stream().map(StoredFile::displayName).collect(Collectors.joining(", "))),
                    fields("run_id", run.id().toString(), "step_id", step.id().toString(),
                            "output_files", outputViews));
            return stored;
        } catch (RunCancelledException e) {
            steps.finish(step.id(), StepStatus.CANCELLED.name(), step.progress(), null, null, "Cancelled", Instant.now());
            events.publish(chatId, owner, run.id(), EventTypes.PROGRESS, progressFields(step, -1, "cancelled",
                    "Step cancelled", null, null));
            throw e;
        } catch (ConversationGoneException e) {
            throw e;
        } catch (Exception e) {
            String reason = userMessage(e, run);
            LOG.warn("Run {} step {} ({}, index {}) failed: {}", run.id(), step.id(), step.operation(), step.stepIndex(),
                    reason, e instanceof OperationFailedException || e instanceof InvalidArgumentException ? null : e);
            steps.finish(step.id(), StepStatus.FAILED.name(), step.progress(), null, null, reason, Instant.now());
            events.publish(chatId, owner, run.id(), EventTypes.PROGRESS, progressFields(step, -1, "failed",
                    "Step failed: " + reason, null, null));
            throw e;
        }
    }

    private InputFile conversationFile(UUID chatId, String nameOrId, Path dir) throws IOException {
        String wanted = nameOrId == null ? "" : nameOrId.strip();
        StoredFile file = null;
        try {
            file = files.findByIdAndConversationId(UUID.fromString(wanted), chatId).orElse(null);
        } catch (IllegalArgumentException notAnId) {
            // a display name
        }
        if (file == null) {
            file = files.findLatestByName(chatId, wanted).orElseThrow(() ->
                    new OperationFailedException("File '" + wanted + "' is not a file of this conversation"));
        }
        return new InputFile(file.id().toString(), file.displayName(),
                SheetFormat.fromFileName(file.displayName()).orElse(SheetFormat.TEXT), fileService.materialise(file, dir),
                file.sizeBytes());
    }

    @SuppressWarnings("unchecked")
    private <A> StepResult run(Operation<A> operation, WorkflowStep step, StepContext context) throws Exception {
        A arguments = operations.bind(operation, mapper.readTree(step.arguments()));
        return operation.execute(arguments, context);
    }

    private StoredFile storeOutput(Conversation conversation, OutputFile output, FileKind kind, UUID stepId) throws IOException {
        SheetFormat format = SheetFormat.fromExtension(output.extension()).orElse(SheetFormat.TEXT);
        // Names are unique per conversation; the lock keeps two runs of this process from picking the same one.
        outputNaming.lock();
        try {
            String display = output.displayName();
            String base = display.endsWith("." + output.extension())
                    ? display.substring(0, display.length() - output.extension().length() - 1) : display;
            String name = FileNames.unique(base, output.extension(),
                    candidate -> files.existsByConversationIdAndDisplayName(conversation.id(), candidate));
            return fileService.storeLocal(conversation, kind, name, format.contentType(), output.path(), stepId);
        } finally {
            outputNaming.unlock();
        }
    }

    /**
     * The run's result is the file(s) of the last step that produced any: when later steps only report
     * (e.g. {@code excel/info}), those files are outputs, not intermediates.
     */
    private void promoteFinalFiles(List<StoredFile> outputs) {
        if (outputs.isEmpty()) {
            return;
        }
        UUID lastProducer = outputs.get(outputs.size() - 1).producedByStep();
        List<UUID> finals = outputs.stream().filter(f -> f.kind() == FileKind.INTERMEDIATE
                && java.util.Objects.equals(f.producedByStep(), lastProducer)).map(StoredFile::id).toList();
        if (!finals.isEmpty()) {
            files.updateKind(finals, FileKind.OUTPUT.name());
        }
    }

    /** @return false when the run had already been ended elsewhere: then nothing more is recorded for it */
    private boolean finish(WorkflowRun run, Conversation conversation, RunStatus status, String error) {
        Instant now = Instant.now();
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

    private void finishCancelledBeforeStart(WorkflowRun run) {
        if (runs.cancelIfQueued(run.id(), Instant.now()) == 1) {
            steps.finishOpenSteps(run.id(), StepStatus.CANCELLED.name(), "Cancelled before start", Instant.now());
            conversations.findById(run.conversationId()).ifPresent(c -> {
                conversations.updateRunStatus(c.id(), ConversationStatus.ACTIVE.name(), RunStatus.CANCELLED.value(), Instant.now());
                events.publish(c.id(), c.owner(), run.id(), EventTypes.WORKFLOW_CANCELLED,
                        fields("step_index", 0, "message", "Workflow cancelled before it started"));
            });
        }
    }

    private Map<String, Object> progressFields(WorkflowStep step, int percent, String status, String message,
                                               Long rowsDone, Long rowsTotal) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("step_id", step.id().toString());
        map.put("step_index", step.stepIndex());
        map.put("operation", step.operation());
        map.put("progress", percent < 0 ? null : percent);
        map.put("status", status);
        map.put("message", message);
        map.put("rows_done", rowsDone != null && rowsDone >= 0 ? rowsDone : null);
        map.put("rows_total", rowsTotal);
        return map;
    }

    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** What the user sees of a failure: our own messages as they are, anything else without internals. */
    private static String userMessage(Exception e, WorkflowRun run) {
        if (e instanceof OperationFailedException || e instanceof InvalidArgumentException) {
            return e.getMessage();
        }
        if (e instanceof JsonProcessingException) {
            return "The step's arguments could not be read";
        }
        LOG.error("Unexpected failure in run {}", run.id(), e);
        return "Internal error while executing the step (run " + run.id() + ")";
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("Could not delete work file {}", p);
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not clean work directory {}", dir);
        }
    }
}
