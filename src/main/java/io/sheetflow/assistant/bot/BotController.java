package io.sheetflow.assistant.bot;

import io.sheetflow.openapi.UploadForms;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.api.QueryParams;
import io.sheetflow.assistant.chat.AssistantMessages;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.DeletedConversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.conversation.ConversationService;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.security.RateLimiter;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.RunViews;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowService;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Pycelize chatbot's endpoints, with its field names, served by the assistant. Unlike Pycelize, the
 * state is kept (stored suggestions and questions), and the envelope's {@code status_code} is the HTTP status.
 */
@Controller(Links.API + "/chat/bot")
@Tag(name = "bot")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class BotController {
    private static final int MAX_HISTORY = 500;

    private final BotConversations bot;
    private final ConversationService conversations;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final Envelopes envelopes;
    private final FileService files;
    private final RateLimiter rateLimiter;
    private final WorkflowService workflows;
    private final RunViews runViews;
    private final Links links;

    public BotController(BotConversations bot, ConversationService conversations, ConversationAccess access,
                         CallerResolver callers, Envelopes envelopes, FileService files, RateLimiter rateLimiter,
                         WorkflowService workflows, RunViews runViews, Links links) {
        this.bot = bot;
        this.conversations = conversations;
        this.access = access;
        this.callers = callers;
        this.envelopes = envelopes;
        this.files = files;
        this.rateLimiter = rateLimiter;
        this.workflows = workflows;
        this.runViews = runViews;
        this.links = links;
    }

    /** {@code {"chat_id"?}}: an existing conversation of the caller's to talk about. */
    public record StartRequest(@Nullable String chatId) {
    }

    /** {@code {"message"}} */
    public record BotMessage(@Nullable String message) {
    }

    /** {@code {"confirmed", "modified_workflow"?}} */
    public record ConfirmRequest(@Nullable Boolean confirmed, @Nullable List<ExecuteRequest.StepRequest> modifiedWorkflow) {
    }

    /**
     * 201 with a new conversation; given the {@code chat_id} of one of the caller's conversations, 200 with it
     * as it is (Pycelize re-created it under a new name with a second welcome).
     */
    @Operation(operationId = "botStartConversation")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", useReturnTypeSchema = true,
            description = "A new conversation")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", useReturnTypeSchema = true,
            description = "The conversation named by `chat_id`, as it is")
    @Post("/conversations")
    public HttpResponse<ApiResponse<Map<String, Object>>> start(HttpRequest<?> request, @Nullable @Body StartRequest body) {
        Caller caller = callers.resolve(request);
        if (body != null && body.chatId() != null && !body.chatId().isBlank()) {
            Conversation existing = access.require(caller, body.chatId().strip());
            return envelopes.ok(started(existing, bot.state(existing).value()), "Bot conversation resumed");
        }
        Conversation c = conversations.create(caller);
        return envelopes.created(started(c, "idle"), "Bot conversation started successfully")
                .header(HttpHeaders.LOCATION, Links.API + "/chat/bot/conversations/" + c.id() + "/history");
    }

    private static Map<String, Object> started(Conversation c, String state) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chat_id", c.id().toString());
        data.put("participant_name", c.participantName());
        data.put("status", c.status().value());
        data.put("bot_message", BotConversations.WELCOME);
        data.put("state", state);
        data.put("created_at", c.createdAt());
        data.put("updated_at", c.updatedAt());
        return data;
    }

    /** 200 with the assistant's answer; 202 when it is still being written after the wait (it streams as events). */
    @Operation(operationId = "botSendMessage")
    @Post("/conversations/{chatId}/message")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", useReturnTypeSchema = true,
            description = "The reply, finished")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", useReturnTypeSchema = true,
            description = "The reply is still being written: it streams on the conversation's WebSocket")
    public HttpResponse<ApiResponse<Map<String, Object>>> message(HttpRequest<?> request, @PathVariable String chatId, @Nullable @Body BotMessage body) {
        Conversation c = access.require(callers.resolve(request), chatId);
        if (body == null || body.message() == null) {
            throw ApiException.invalid("message", "No message provided");
        }
        if (body.message().isBlank()) {
            throw ApiException.invalid("message", "Empty message");
        }
        if (body.message().strip().length() > AssistantMessages.MAX_TEXT) {
            throw ApiException.invalid("message", "message must be at most " + AssistantMessages.MAX_TEXT + " characters");
        }
        BotConversations.Answer answer = bot.message(c, body.message());
        return answer.finished() ? envelopes.ok(answer.data(), "Message processed successfully")
                : envelopes.respond(HttpStatus.ACCEPTED, answer.data(), "The reply is still being written: it"
                + " streams as assistant_* events on the conversation's WebSocket and appears in the history", 0);
    }

    /** 200 as Pycelize answers (multipart field {@code file}); the file's URL in {@code Location}. */
    @Operation(operationId = "botUploadFile")
    @UploadForms.FileBody
    @Post(value = "/conversations/{chatId}/upload", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> upload(HttpRequest<?> request, @PathVariable String chatId,
                                  @Nullable @Body InputStream body) throws IOException {
        Caller caller = callers.resolve(request);
        Conversation c = access.require(caller, chatId);
        rateLimiter.acquire(caller, RateLimiter.Kind.UPLOAD);
        StoredFile stored = files.uploadMultipart(c, request.getHeaders().get(HttpHeaders.CONTENT_TYPE), body, "file");
        return envelopes.ok(bot.uploaded(c, stored), "File uploaded successfully")
                .header(HttpHeaders.LOCATION, links.fileDownload(c.id(), stored.id()));
    }

    /** 202 with the run as Pycelize's job when confirmed; 200 when declined. */
    @Operation(operationId = "botConfirm")
    @Post("/conversations/{chatId}/confirm")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", useReturnTypeSchema = true,
            description = "Confirmed: the workflow is submitted (`job_id`, `run`)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", useReturnTypeSchema = true,
            description = "Declined: nothing runs")
    public HttpResponse<ApiResponse<Map<String, Object>>> confirm(HttpRequest<?> request, @PathVariable String chatId, @Nullable @Body ConfirmRequest body) {
        Caller caller = callers.resolve(request);
        Conversation c = access.require(caller, chatId);
        if (body == null || body.confirmed() == null) {
            throw ApiException.invalid("confirmed", "No data provided: send {\"confirmed\": true} or false");
        }
        if (body.confirmed()) {
            rateLimiter.acquire(caller, RateLimiter.Kind.RUN);
        }
        Optional<WorkflowRun> run = bot.confirm(c, body.confirmed(), body.modifiedWorkflow());
        if (run.isEmpty()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("bot_response", "No problem! Tell me what you would like to do differently.");
            data.put("output_files", List.of());
            data.put("results", List.of());
            return envelopes.ok(data, "Workflow confirmation processed");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", run.get().id().toString());
        data.put("status", "submitted");
        data.put("message", "Workflow submitted for background execution");
        data.put("bot_response", "Running it now: progress streams on the conversation's WebSocket, and"
                + " .../workflow/status/" + run.get().id() + " tells where it is.");
        data.put("run", runViews.view(run.get()));
        return envelopes.respond(HttpStatus.ACCEPTED, data, "Workflow submitted for background execution", 0);
    }

    @Operation(operationId = "botWorkflowStatus")
    @Get("/conversations/{chatId}/workflow/status/{jobId}")
    public HttpResponse<ApiResponse<Map<String, Object>>> status(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String jobId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        WorkflowRun run;
        try {
            run = workflows.require(c, jobId);
        } catch (ApiException e) {
            throw ApiException.notFound("Job not found");
        }
        return envelopes.ok(bot.job(c, run, runViews.view(run)), "Job status retrieved successfully");
    }

    @Operation(operationId = "botHistory")
    @Get("/conversations/{chatId}/history")
    public HttpResponse<ApiResponse<Map<String, Object>>> history(HttpRequest<?> request, @PathVariable String chatId, @Nullable @QueryValue String limit) {
        Conversation c = access.require(callers.resolve(request), chatId);
        Map<String, Object> data = bot.history(c, QueryParams.limit("limit", limit, MAX_HISTORY, MAX_HISTORY));
        return envelopes.ok(data, "Conversation history retrieved successfully", ((List<?>) data.get("messages")).size());
    }

    @Operation(operationId = "botDeleteConversation")
    @Delete("/conversations/{chatId}")
    public HttpResponse<ApiResponse<DeletedConversation>> delete(HttpRequest<?> request, @PathVariable String chatId) throws IOException {
        Conversation c = access.require(callers.resolve(request), chatId);
        conversations.delete(c);
        return envelopes.ok(new DeletedConversation(c.id().toString()), "Bot conversation deleted successfully");
    }

    @Operation(operationId = "botListOperations")
    @Get("/operations")
    public HttpResponse<ApiResponse<Map<String, Object>>> operations() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("operations", BotIntents.OPERATIONS);
        data.put("total_intents", BotIntents.OPERATIONS.size());
        return envelopes.ok(data, "Supported operations retrieved successfully");
    }
}
