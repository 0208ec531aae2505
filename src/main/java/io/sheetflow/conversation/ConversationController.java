package io.sheetflow.conversation;

import io.sheetflow.api.ApiResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.api.QueryParams;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;

import java.io.IOException;

@Controller(Links.CHATS)
@Tag(name = "conversations")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConversationController {
    private static final int MAX_PAGE = 500;

    private final ConversationService service;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final Envelopes envelopes;

    public ConversationController(ConversationService service, ConversationAccess access, CallerResolver callers,
                                  Envelopes envelopes) {
        this.service = service;
        this.access = access;
        this.callers = callers;
        this.envelopes = envelopes;
    }

    @Operation(operationId = "createConversation")
    @Post
    @Status(HttpStatus.CREATED)
    public HttpResponse<ApiResponse<ConversationDetail>> create(HttpRequest<?> request) {
        Conversation c = service.create(callers.resolve(request));
        return envelopes.created(service.detail(c), "Conversation created successfully");
    }

    @Operation(operationId = "listConversations")
    @Get
    public HttpResponse<ApiResponse<ConversationPage>> list(HttpRequest<?> request, @Nullable @QueryValue String status,
                                @Nullable @QueryValue String limit, @Nullable @QueryValue String offset,
                                @Nullable @QueryValue Boolean all) {
        ConversationStatus filter = null;
        if (status != null && !status.isBlank()) {
            filter = ConversationStatus.parse(status).orElseThrow(() -> ApiException.invalid("status",
                    "Unknown status '" + status + "'. Valid: created, active, processing, completed, failed, archived"));
        }
        int pageSize = QueryParams.limit("limit", limit, 100, MAX_PAGE);
        Caller caller = callers.resolve(request);
        if (Boolean.TRUE.equals(all) && !caller.admin()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden",
                    "all=true lists every user's conversations and needs the admin role", null);
        }
        ConversationPage page = service.list(caller, filter, pageSize, QueryParams.nonNegative("offset", offset, 0),
                Boolean.TRUE.equals(all));
        return envelopes.ok(page, "Conversations retrieved successfully", page.total());
    }

    @Operation(operationId = "getConversation")
    @Get("/{chatId}")
    public HttpResponse<ApiResponse<ConversationDetail>> get(HttpRequest<?> request, @PathVariable String chatId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        return envelopes.ok(service.detail(c), "Conversation retrieved successfully");
    }

    @Operation(operationId = "listMessages")
    @Get("/{chatId}/messages")
    public HttpResponse<ApiResponse<MessagePage>> messages(HttpRequest<?> request, @PathVariable String chatId,
                                    @Nullable @QueryValue String limit, @Nullable @QueryValue String before) {
        Conversation c = access.require(callers.resolve(request), chatId);
        int pageSize = QueryParams.limit("limit", limit, 50, MAX_PAGE);
        Long beforeNumber = before == null || before.isBlank() ? null : QueryParams.nonNegative("before", before, 0);
        MessagePage page = service.messages(c, pageSize, beforeNumber);
        return envelopes.ok(page, "Messages retrieved successfully", page.messages().size());
    }

    @Operation(operationId = "renameConversation")
    @Patch("/{chatId}")
    public HttpResponse<ApiResponse<ConversationSummary>> rename(HttpRequest<?> request, @PathVariable String chatId, @Body RenameRequest body) {
        Conversation c = access.require(callers.resolve(request), chatId);
        String title = body.title() == null ? null : body.title().strip();
        if (title != null && title.length() > 200) {
            throw ApiException.invalid("title", "title must be at most 200 characters");
        }
        Conversation renamed = service.rename(c, title == null || title.isEmpty() ? null : title);
        return envelopes.ok(ConversationSummary.of(renamed), "Conversation updated successfully");
    }

    @Operation(operationId = "deleteConversation")
    @Delete("/{chatId}")
    public HttpResponse<ApiResponse<DeletedConversation>> delete(HttpRequest<?> request, @PathVariable String chatId) throws IOException {
        Caller caller = callers.resolve(request);
        Conversation c = access.require(caller, chatId);
        service.delete(c);
        return envelopes.ok(new DeletedConversation(c.id().toString()), "Conversation deleted successfully");
    }
}
