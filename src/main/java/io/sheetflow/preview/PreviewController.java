package io.sheetflow.preview;

import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.security.CallerResolver;

import java.io.IOException;

/** {@code POST /chat/workflows/{chat_id}/preview}: a workflow's steps on the first rows of its input, nothing kept. */
@Controller(Links.CHATS)
@Tag(name = "runs")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class PreviewController {
    private final WorkflowPreview preview;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final Envelopes envelopes;

    public PreviewController(WorkflowPreview preview, ConversationAccess access, CallerResolver callers,
                             Envelopes envelopes) {
        this.preview = preview;
        this.access = access;
        this.callers = callers;
        this.envelopes = envelopes;
    }

    @Operation(operationId = "previewWorkflow")
    @Post("/{chatId}/preview")
    public HttpResponse<ApiResponse<WorkflowPreviewResult>> preview(HttpRequest<?> request, @PathVariable String chatId,
                                   @Nullable @Body PreviewRequest body) throws IOException {
        Conversation conversation = access.require(callers.resolve(request), chatId);
        WorkflowPreviewResult result = preview.preview(conversation, body);
        return envelopes.ok(result, "Preview of " + result.rowsSampled() + " rows", result.steps().size());
    }
}
