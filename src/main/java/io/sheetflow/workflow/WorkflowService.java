package io.sheetflow.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micronaut.context.annotation.Value;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.TooManyRequestsException;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.SharedLimitCounters;
import io.micronaut.transaction.TransactionOperations;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationRegistry;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accepting, queueing, reporting and cancelling workflow runs. */
@Singleton
public class WorkflowService {
    private static final Duration AWAIT_SLICE = Duration.ofSeconds(1);
    private final WorkflowRunRepository runs;
    private final StoredFileRepository files;
    private final OperationRegistry operations;
    private final RunQueue queue;
    private final RunLifecycle lifecycle;
    private final CancellationRegistry cancellations;
    private final RunCompletions completions;
    private final ObjectMapper mapper;
    private final LimitSettings limits;
    private final SharedLimitCounters counters;
    private final TransactionOperations<Connection> transactions;
    private final int maxSteps;

    public WorkflowService(WorkflowRunRepository runs, StoredFileRepository files, OperationRegistry operations,
                           RunQueue queue, RunLifecycle lifecycle, CancellationRegistry cancellations,
                           RunCompletions completions, ObjectMapper mapper, LimitSettings limits,
                           SharedLimitCounters counters, TransactionOperations<Connection> transactions,
                           @Value("${sheetflow.runs.max-steps:50}") int maxSteps) {
        this.counters = counters;
        this.transactions = transactions;
        this.runs = runs;
        this.files = files;
        this.operations = operations;
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.cancellations = cancellations;
        this.completions = completions;
        this.mapper = mapper;
        this.limits = limits;
        this.maxSteps = maxSteps;
    }

    /** Validates every step up front, persists the run and its steps, and queues it. */
    public WorkflowRun submit(Conversation conversation, ExecuteRequest request) {
        WorkflowRun run = accept(conversation, request);
        queue.submit(run.id());
        return run;
    }

    /**
     * {@link #submit} without queueing, so a caller can record the run in a transaction of its own (joined by
     * this one) and {@link #enqueue} it after the commit; a run left queued by a crash in between is queued again
     * at the next start.
     *
     * @throws ApiException 422 naming the step argument at fault, 429 over the active-runs limit
     */
    public WorkflowRun accept(Conversation conversation, ExecuteRequest request) {
        List<ExecuteRequest.StepRequest> requested = request == null || request.steps() == null ? List.of() : request.steps();
        List<String> argumentJson = validateSteps(requested);
        StoredFile input = resolveInput(conversation, request.inputFile());
        if (!limits.sharedInDatabase()) {
            requireBelowActiveLimit(conversation.owner());
            // Recorded (workflow_queued included) before any worker can see it, so its events start with that one.
            return lifecycle.queued(conversation, input, requested, argumentJson);
        }
        // Shared limits: the user's lock row serialises count-and-insert across instances until the commit.
        return transactions.executeWrite(status -> {
            counters.lock(conversation.owner(), SharedLimitCounters.ACTIVE_RUNS);
            requireBelowActiveLimit(conversation.owner());
            return lifecycle.queued(conversation, input, requested, argumentJson);
        });
    }

    private void requireBelowActiveLimit(String owner) {
        long active = runs.countActiveByOwner(owner);
        if (active >= limits.activeRunsPerUser()) {
            throw new TooManyRequestsException("Too many active runs: " + active + " queued or running (at most "
                    + limits.activeRunsPerUser() + "); wait for one to finish", 5);
        }
    }

    /** Hands a committed, queued run to the workers. */
    public void enqueue(WorkflowRun run) {
        queue.submit(run.id());
    }

    /**
     * The checks {@link #accept} makes of the steps (count, operation names, arguments bound strictly), shared
     * with the workflow preview; answers each step's arguments as JSON.
     *
     * @throws ApiException 422 naming the step field at fault
     */
    public List<String> validateSteps(List<ExecuteRequest.StepRequest> requested) {
        if (requested == null || requested.isEmpty()) {
            throw ApiException.invalid("steps", "No steps provided");
        }
        if (requested.size() > maxSteps) {
            throw ApiException.invalid("steps", "Too many steps: " + requested.size() + " (at most " + maxSteps + ")");
        }
        List<String> argumentJson = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            argumentJson.add(validateStep(i, requested.get(i)));
        }
        return argumentJson;
    }

    private String validateStep(int index, ExecuteRequest.StepRequest step) {
        String prefix = "steps[" + index + "]";
        if (step == null || step.operation() == null || step.operation().isBlank()) {
            throw ApiException.invalid(prefix + ".operation", "Step " + (index + 1) + ": operation is required");
        }
        Operation<?> operation = operations.find(step.operation().strip()).orElseThrow(() -> ApiException.invalid(
                prefix + ".operation", "Step " + (index + 1) + ": unknown operation '" + step.operation()
                        + "'. Available: " + String.join(", ", operations.names())));
        try {
            operations.bind(operation, step.arguments());
        } catch (InvalidArgumentException e) {
            throw ApiException.invalid(prefix + ".arguments." + e.field(),
                    "Step " + (index + 1) + " (" + operation.name() + "): " + e.getMessage());
        }
        try {
            return mapper.writeValueAsString(step.arguments() == null ? JsonNodeFactory.instance.objectNode() : step.arguments());
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(prefix + ".arguments", "Step " + (index + 1) + ": arguments could not be stored");
        }
    }

    /** The run's input: the named file (name or id) of the conversation, or its latest upload. */
    public StoredFile resolveInput(Conversation conversation, String inputFile) {
        if (inputFile == null || inputFile.isBlank()) {
            return files.findLatestUpload(conversation.id()).orElseThrow(() -> ApiException.invalid("input_file",
                    "No uploaded file found for processing: upload a file first"));
        }
        String wanted = inputFile.strip();
        return findInput(conversation, wanted).orElseThrow(() ->
                ApiException.invalid("input_file", "input_file '" + wanted + "' is not a file of this conversation"));
    }

    /** The conversation's file with this id, else the latest of this display name. */
    public Optional<StoredFile> findInput(Conversation conversation, String idOrName) {
        return files.findByIdOrLatestName(conversation.id(), idOrName);
    }

    public WorkflowRun require(Conversation conversation, String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Run not found");
        }
        return runs.findByIdAndConversationId(id, conversation.id()).orElseThrow(() -> ApiException.notFound("Run not found"));
    }

    public WorkflowRun reload(WorkflowRun run) {
        return runs.findById(run.id()).orElse(run);
    }

    /** Waits up to {@code wait} for the run to end; returns the latest state either way. */
    public WorkflowRun await(WorkflowRun run, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        WorkflowRun current = run.status().isTerminal() ? run : reload(run);
        while (!current.status().isTerminal()) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            // A run executing in this process signals its end at once; one executing elsewhere (the Lambda worker)
            // is seen by reading it again after each slice.
            completions.await(run.id(), left.compareTo(AWAIT_SLICE) < 0 ? left : AWAIT_SLICE);
            current = reload(run);
        }
        return current;
    }

    /**
     * Cancels a run: a queued run ends at once; a running one stops at its step's next progress check.
     *
     * @throws ApiException 409 when the run already ended
     */
    public WorkflowRun cancel(Conversation conversation, WorkflowRun run) {
        if (run.status().isTerminal()) {
            throw ApiException.conflict("Run already " + run.status().value());
        }
        runs.requestCancel(run.id());
        if (queue.remove(run.id()) || run.status() == RunStatus.QUEUED) {
            if (lifecycle.cancelledBeforeStart(run.id())) {
                completions.completed(run.id());
            }
        }
        cancellations.cancel(run.id());
        queue.cancelRequested(run.id());
        return reload(run);
    }

    /**
     * Before a conversation is deleted: nothing of it may keep running. Waits (up to {@code wait}) for its
     * running steps to stop at their next cancellation check, so none stores an output while it is deleted.
     *
     * @return true when none of its runs is still running
     */
    public boolean cancelAllOf(Conversation conversation, Duration wait) {
        List<WorkflowRun> active = new ArrayList<>();
        for (WorkflowRun run : runs.findByConversationIdOrderByCreatedAt(conversation.id())) {
            if (!run.status().isTerminal()) {
                runs.requestCancel(run.id());
                if (queue.remove(run.id()) || run.status() == RunStatus.QUEUED) {
                    lifecycle.cancelledBeforeStart(run.id());
                }
                cancellations.cancel(run.id());
                queue.cancelRequested(run.id());
                active.add(run);
            }
        }
        Instant deadline = Instant.now().plus(wait);
        boolean allEnded = true;
        for (WorkflowRun run : active) {
            Duration left = Duration.between(Instant.now(), deadline);
            allEnded &= await(run, left.isNegative() ? Duration.ZERO : left).status().isTerminal();
        }
        return allEnded;
    }
}
