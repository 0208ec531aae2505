package io.sheetflow.assistant.chat;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.conversation.MessageView;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.RunView;
import io.sheetflow.workflow.RunViews;
import io.sheetflow.workflow.WorkflowRun;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Messages to the assistant, and the decisions on the workflows it suggests. */
@Controller(Links.CHATS)
@Tag(name = "assistant")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class AssistantController {
    private final AssistantMessages messages;
    private final SuggestionDecisions decisions;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final Envelopes envelopes;
    private final RunViews runViews;

    public AssistantController(AssistantMessages messages, SuggestionDecisions decisions, ConversationAccess access,
                               CallerResolver callers, Envelopes envelopes, RunViews runViews) {
        this.messages = messages;
        this.decisions = decisions;
        this.access = access;
        this.callers = callers;
        this.envelopes = envelopes;
        this.runViews = runViews;
    }

    /** {@code {"text", "client_message_id"?}} */
    public record MessageRequest(@Nullable String text, @Nullable String clientMessageId) {
    }

    /** {@code {"steps"?: [{"operation", "arguments"}]}}: the steps to run instead of the suggested ones. */
    public record ConfirmRequest(@Nullable List<ExecuteRequest.StepRequest> steps) {
    }

    /** The user's message and the id of the reply being written; replies stream as events. */
    public record MessageAccepted(MessageView message, String replyId, MessageView reply) {
    }

    /** A suggestion's decision as confirm and discard answer it (confirm: with the run it started). */
    public record SuggestionDecided(String suggestionId, String status, @Nullable RunView run) {
    }

    /** 202 once the message and its queued reply are committed. */
    @Operation(operationId = "sendMessage")
    @Post("/{chatId}/messages")
    @Status(HttpStatus.ACCEPTED)
    public HttpResponse<ApiResponse<MessageAccepted>> post(HttpRequest<?> request, @PathVariable String chatId, @Nullable @Body MessageRequest body) {
        Conversation c = access.require(callers.resolve(request), chatId);
        AssistantMessages.Accepted accepted = messages.post(c, body == null ? null : body.text(),
                body == null ? null : body.clientMessageId());
        return envelopes.respond(HttpStatus.ACCEPTED, new MessageAccepted(MessageView.of(accepted.message()),
                accepted.reply().id().toString(), MessageView.of(accepted.reply(),
                        accepted.queuePosition() == null ? Map.of() : Map.of(accepted.reply().id(), accepted.queuePosition()))),
                accepted.repeated() ? "Message already received" : "Message received", 0);
    }

    /** A suggestion's decision, so a reloaded card shows it instead of stale buttons. */
    public record SuggestionDecisionView(String suggestionId, String status, @Nullable String runId,
                                         @Nullable Instant decidedAt) {
    }

    @Operation(operationId = "getSuggestion")
    @Get("/{chatId}/suggestions/{suggestionId}")
    public HttpResponse<ApiResponse<SuggestionDecisionView>> get(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String suggestionId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        Suggestion s = decisions.require(c, suggestionId);
        return envelopes.ok(new SuggestionDecisionView(s.id().toString(), s.status().value(),
                s.runId() == null ? null : s.runId().toString(), s.decidedAt()), "Suggestion " + s.status().value());
    }

    @Operation(operationId = "confirmSuggestion")
    @Post("/{chatId}/suggestions/{suggestionId}/confirm")
    @Status(HttpStatus.ACCEPTED)
    public HttpResponse<ApiResponse<SuggestionDecided>> confirm(HttpRequest<?> request, @PathVariable String chatId,
                                   @PathVariable String suggestionId, @Nullable @Body ConfirmRequest body) {
        Conversation c = access.require(callers.resolve(request), chatId);
        Suggestion suggestion = decisions.require(c, suggestionId);
        WorkflowRun run = decisions.confirm(c, suggestion, body == null ? null : body.steps());
        return envelopes.respond(HttpStatus.ACCEPTED, new SuggestionDecided(suggestion.id().toString(),
                SuggestionStatus.CONFIRMED.value(), runViews.view(run)), "Suggestion confirmed: workflow accepted", 0);
    }

    @Operation(operationId = "discardSuggestion")
    @Post("/{chatId}/suggestions/{suggestionId}/discard")
    public HttpResponse<ApiResponse<SuggestionDecided>> discard(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String suggestionId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        Suggestion suggestion = decisions.require(c, suggestionId);
        decisions.discard(suggestion);
        return envelopes.ok(new SuggestionDecided(suggestion.id().toString(),
                SuggestionStatus.DISCARDED.value(), null), "Suggestion discarded");
    }
}
