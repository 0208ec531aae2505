package io.sheetflow.workflow;

import io.sheetflow.work.WorkDirectory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.sheetflow.api.UnavailableResource;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.event.ConversationGoneException;
import io.sheetflow.file.FileKind;
import io.sheetflow.file.FileNames;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.logging.LogContext;
import io.sheetflow.metrics.Meters;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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
    private final RunLifecycle lifecycle;
    private final CancellationRegistry cancellations;
    private final RunCompletions completions;
    private final EventSettings eventSettings;
    private final ObjectMapper mapper;
    private final WorkerName worker;
    private final Path runsDir;
    private final Duration defaultLease;
    private static final int END_ATTEMPTS = 20;
    private final ReentrantLock outputNaming = new ReentrantLock();
    private final Meters meters;

    public RunExecutor(WorkflowRunRepository runs, WorkflowStepRepository steps, ConversationRepository conversations,
                       StoredFileRepository files, FileService fileService, OperationRegistry operations,
                       RunLifecycle lifecycle, CancellationRegistry cancellations, RunCompletions completions,
                       EventSettings eventSettings, ObjectMapper mapper, WorkerName worker,
                       WorkDirectory workDirectory, Meters meters,
                       @Value("${sheetflow.runs.lease:16m}") Duration defaultLease) {
        this.meters = meters;
        this.runs = runs;
        this.steps = steps;
        this.conversations = conversations;
        this.files = files;
        this.fileService = fileService;
        this.operations = operations;
        this.lifecycle = lifecycle;
        this.cancellations = cancellations;
        this.completions = completions;
        this.eventSettings = eventSettings;
        this.mapper = mapper;
        this.worker = worker;
        this.runsDir = workDirectory.runs();
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
        try (LogContext.Scope logContext = LogContext.run(runId)) {
            Instant now = Instant.now();
            if (runs.claim(runId, worker.name(), now, now.plus(lease)) == 0) {
                runs.findById(runId).filter(r -> r.status() == RunStatus.QUEUED && r.cancelRequested())
                        .ifPresent(r -> lifecycle.cancelledBeforeStart(r.id()));
                return false;
            }
            runClaimed(runId);
            return true;
        } finally {
            completions.completed(runId);
        }
    }

    /** Executes a run this worker has already claimed (the shared queue claims the next run in one statement). */
    public void executeClaimed(UUID runId) {
        try (LogContext.Scope logContext = LogContext.run(runId)) {
            runClaimed(runId);
        } finally {
            completions.completed(runId);
        }
    }

    private void runClaimed(UUID runId) {
        try {
            executeClaimedRun(runId);
        } catch (ConversationGoneException e) {
            LOG.info("Run {} stopped: its conversation was deleted", runId);
        } catch (RuntimeException e) {
            LOG.error("Run {} could not be executed", runId, e);
        }
    }

    private void executeClaimedRun(UUID runId) {
        WorkflowRun run = runs.findById(runId).orElseThrow();
        LogContext.runOwner(run.owner(), run.conversationId());
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
        Path workDir = runsDir.resolve(run.id().toString());
        List<StoredFile> outputs = new ArrayList<>();
        int current = 0;
        try {
            lifecycle.started(run, conversation, plan);
            StoredFile input = run.inputFileId() == null ? null : files.findById(run.inputFileId()).orElse(null);
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
            ending(run, () -> lifecycle.completed(run, conversation, total, outputs));
        } catch (RunCancelledException e) {
            int at = current;
            ending(run, () -> lifecycle.cancelled(run, conversation, at));
        } catch (ConversationGoneException e) {
            throw e;
        } catch (Exception e) {
            String reason = userMessage(e, run);
            String error = "Workflow failed at step " + (current + 1) + "/" + total + ": " + reason;
            LOG.warn("Run {} failed at step {}/{}: {}", run.id(), current + 1, total, reason);
            int at = current;
            ending(run, () -> lifecycle.failed(run, conversation, at, error));
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
        lifecycle.stepStarted(run, conversation, step, total, input.id());
        long stepStart = System.nanoTime();

        AtomicInteger percentDone = new AtomicInteger();
        StepProgress progress = new StepProgress(cancelled,
                () -> runs.findById(run.id()).map(WorkflowRun::cancelRequested).orElse(true),
                (percent, done, rowsTotal, message) -> {
                    percentDone.set(percent);
                    reportProgress(run, conversation, step, percent, done, rowsTotal > 0 ? rowsTotal : null, message);
                }, eventSettings);

        List<StoredFile> stored = new ArrayList<>();
        try {
            Operation<?> operation = operations.find(step.operation()).orElseThrow(() ->
                    new OperationFailedException("Operation " + step.operation() + " is no longer available"));
            Path stepDir = workDir.resolve("step-" + step.stepIndex());
            Files.createDirectories(stepDir);
            StepContext context = new StepContext(fileService.materialiseInput(input, stepDir), stepDir, progress,
                    (nameOrId, dir) -> conversationFile(chatId, nameOrId, dir));
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
            Map<String, Object> resultData = result == null || result.data() == null ? Map.of() : result.data();
            lifecycle.stepCompleted(run, conversation, step, total, stored, resultData,
                    mapper.writeValueAsString(resultData), rowsDone);
            meters.stepEnded(step.operation(), Meters.tag(StepStatus.COMPLETED), System.nanoTime() - stepStart);
            return stored;
        } catch (RunCancelledException e) {
            lifecycle.stepCancelled(run, conversation, step, percentDone.get());
            meters.stepEnded(step.operation(), Meters.tag(StepStatus.CANCELLED), System.nanoTime() - stepStart);
            throw e;
        } catch (ConversationGoneException e) {
            throw e;
        } catch (Exception e) {
            String reason = userMessage(e, run);
            LOG.warn("Run {} step {} ({}, index {}) failed: {}", run.id(), step.id(), step.operation(), step.stepIndex(),
                    reason, e instanceof OperationFailedException || e instanceof InvalidArgumentException ? null : e);
            lifecycle.stepFailed(run, conversation, step, percentDone.get(), reason);
            meters.stepEnded(step.operation(), Meters.tag(StepStatus.FAILED), System.nanoTime() - stepStart);
            throw e;
        }
    }

    /**
     * Records the end of a run, retrying while the database is unreachable (a brief outage must not leave the
     * run {@code running} until a restart). Gives up after {@link #END_ATTEMPTS}; the run's lease then lets a
     * sweep or the next start fail it.
     */
    private void ending(WorkflowRun run, BooleanSupplier transition) {
        for (int attempt = 1; ; attempt++) {
            try {
                transition.getAsBoolean();
                return;
            } catch (ConversationGoneException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= END_ATTEMPTS) {
                    LOG.error("Run {}: its end could not be recorded after {} attempts", run.id(), attempt, e);
                    return;
                }
                LOG.warn("Run {}: recording its end failed (attempt {} of {}): {}; retrying", run.id(), attempt,
                        END_ATTEMPTS, e.toString());
                try {
                    Thread.sleep(Math.min(5_000L, 500L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Progress is best effort: a report that cannot be written (the database is briefly unreachable) is skipped
     * rather than failing the step; only a deleted conversation stops the run.
     */
    private void reportProgress(WorkflowRun run, Conversation conversation, WorkflowStep step, int percent, long done,
                                Long rowsTotal, String message) {
        try {
            lifecycle.stepProgressed(run, conversation, step, percent, done, rowsTotal, message);
        } catch (ConversationGoneException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("Run {} step {}: progress {}% could not be recorded ({})", run.id(), step.id(), percent, e.toString());
        }
    }

    private InputFile conversationFile(UUID chatId, String nameOrId, Path dir) throws IOException {
        String wanted = nameOrId == null ? "" : nameOrId.strip();
        StoredFile file = files.findByIdOrLatestName(chatId, wanted).orElseThrow(() ->
                new OperationFailedException("File '" + wanted + "' is not a file of this conversation"));
        return fileService.materialiseInput(file, dir);
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

    /** What the user sees of a failure: our own messages as they are, anything else without internals. */
    private static String userMessage(Exception e, WorkflowRun run) {
        if (e instanceof OperationFailedException || e instanceof InvalidArgumentException) {
            return e.getMessage();
        }
        if (e instanceof JsonProcessingException) {
            return "The step's arguments could not be read";
        }
        var unavailable = UnavailableResource.of(e);
        if (unavailable.isPresent()) {
            LOG.warn("Run {}: {}", run.id(), e.toString());
            return unavailable.get().status() == HttpStatus.INSUFFICIENT_STORAGE
                    ? "The server ran out of storage space while writing the step's output; nothing of it was kept"
                    : "The database became unavailable during the step; run the workflow again";
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
