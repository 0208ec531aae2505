package io.sheetflow.assistant.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowService;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/**
 * Confirming or discarding a suggestion. Only a pending suggestion can be decided, by one conditional update, so
 * two confirmations (two tabs, a click and a "yes") start one run. A confirmed suggestion becomes a run through
 * {@link WorkflowService} in the same transaction as the decision (its steps validated again there: a bad
 * argument is a 422 and the suggestion stays pending); the run is queued after the commit.
 */
@Singleton
public class SuggestionDecisions {
    private static final TypeReference<List<ExecuteRequest.StepRequest>> STEPS = new TypeReference<>() { };

    private final SuggestionRepository suggestions;
    private final WorkflowService workflows;
    private final TransactionOperations<Connection> transactions;
    private final ObjectMapper mapper;

    public SuggestionDecisions(SuggestionRepository suggestions, WorkflowService workflows,
                               TransactionOperations<Connection> transactions, ObjectMapper mapper) {
        this.suggestions = suggestions;
        this.workflows = workflows;
        this.transactions = transactions;
        this.mapper = mapper;
    }

    public Suggestion require(Conversation conversation, String suggestionId) {
        return suggestions.findByIdAndConversationId(ConversationAccess.parseId(suggestionId, "Suggestion not found"),
                conversation.id()).orElseThrow(() -> ApiException.notFound("Suggestion not found"));
    }

    /**
     * @param editedSteps the steps to run instead of the suggested ones (null: as suggested)
     * @throws ApiException 409 when the suggestion was already decided, 422 for a step the operations refuse
     */
    public WorkflowRun confirm(Conversation conversation, Suggestion suggestion,
                               @Nullable List<ExecuteRequest.StepRequest> editedSteps) {
        WorkflowRun run = accept(conversation, suggestion, editedSteps);
        start(run);
        return run;
    }

    /**
     * {@link #confirm} without handing the run to the workers yet (the caller records its reply first, then
     * calls {@link #start}); a run left queued by a crash in between is queued again at the next start.
     */
    public WorkflowRun accept(Conversation conversation, Suggestion suggestion,
                              @Nullable List<ExecuteRequest.StepRequest> editedSteps) {
        requirePending(suggestion);
        List<ExecuteRequest.StepRequest> steps = editedSteps != null ? editedSteps : storedSteps(suggestion);
        ExecuteRequest request = new ExecuteRequest(steps, suggestion.inputFileId().toString());
        return transactions.executeWrite(status -> {
            if (suggestions.decide(suggestion.id(), SuggestionStatus.CONFIRMED.name(), Instant.now()) == 0) {
                throw alreadyDecided();
            }
            WorkflowRun accepted = workflows.accept(conversation, request);
            suggestions.linkRun(suggestion.id(), accepted.id(), json(steps));
            return accepted;
        });
    }

    public void start(WorkflowRun run) {
        workflows.enqueue(run);
    }

    /** @throws ApiException 409 when the suggestion was already decided */
    public void discard(Suggestion suggestion) {
        requirePending(suggestion);
        if (suggestions.decide(suggestion.id(), SuggestionStatus.DISCARDED.name(), Instant.now()) == 0) {
            throw alreadyDecided();
        }
    }

    private static void requirePending(Suggestion suggestion) {
        if (suggestion.status() != SuggestionStatus.PENDING) {
            throw ApiException.conflict("Suggestion already " + suggestion.status().value());
        }
    }

    private static ApiException alreadyDecided() {
        return ApiException.conflict("Suggestion already decided");
    }

    private List<ExecuteRequest.StepRequest> storedSteps(Suggestion suggestion) {
        try {
            return mapper.readValue(suggestion.steps(), STEPS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored suggestion " + suggestion.id() + " is unreadable", e);
        }
    }

    private String json(List<ExecuteRequest.StepRequest> steps) {
        try {
            return mapper.writeValueAsString(steps);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("steps", "steps could not be stored");
        }
    }
}
