package io.sheetflow.file;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.security.RateLimiter;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Direct uploads: {@code POST .../uploads} hands out an upload URL, the client PUTs the bytes there (S3 itself on
 * AWS, {@code .../content} here otherwise), then {@code POST .../uploads/{file_id}/complete} records the file.
 */
@Controller(Links.CHATS)
@Tag(name = "files")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DirectUploadController {
    private final DirectUploads uploads;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final Envelopes envelopes;
    private final Links links;
    private final RateLimiter rateLimiter;

    public DirectUploadController(DirectUploads uploads, ConversationAccess access, CallerResolver callers,
                                  Envelopes envelopes, Links links, RateLimiter rateLimiter) {
        this.uploads = uploads;
        this.access = access;
        this.callers = callers;
        this.envelopes = envelopes;
        this.links = links;
        this.rateLimiter = rateLimiter;
    }

    @Operation(operationId = "startDirectUpload")
    @AuthenticatedApi
    @Post(value = "/{chatId}/uploads", consumes = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    public HttpResponse<ApiResponse<DirectUploadTicket>> start(HttpRequest<?> request, @PathVariable String chatId,
                                 @Nullable @Body DirectUploadRequest body) {
        Caller caller = callers.resolve(request);
        Conversation c = access.require(caller, chatId);
        rateLimiter.acquire(caller, RateLimiter.Kind.UPLOAD);
        return envelopes.created(uploads.start(c, body), "Upload started: PUT the file to upload_url, then complete it");
    }

    /** The filesystem store's upload URL: authenticated by the one-time {@code upload_token}, not a bearer token. */
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Operation(operationId = "putDirectUploadContent")
    @Put(value = "/{chatId}/uploads/{fileId}/content", consumes = MediaType.ALL)
    public HttpResponse<ApiResponse<ReceivedUpload>> content(@PathVariable String chatId, @PathVariable String fileId,
                                   @Nullable @QueryValue("upload_token") String uploadToken,
                                   @Body InputStream body) throws IOException {
        UUID conversationId = ConversationAccess.parseId(chatId, "Conversation not found");
        UUID id = ConversationAccess.parseId(fileId, "Unknown upload id " + fileId);
        uploads.receive(conversationId, id, uploadToken, body);
        return envelopes.ok(new ReceivedUpload(id), "Content received: complete the upload");
    }

    @Operation(operationId = "completeDirectUpload")
    @AuthenticatedApi
    @Post("/{chatId}/uploads/{fileId}/complete")
    @Status(HttpStatus.CREATED)
    public HttpResponse<ApiResponse<FileView>> complete(HttpRequest<?> request, @PathVariable String chatId,
                                    @PathVariable String fileId) throws IOException {
        Conversation c = access.require(callers.resolve(request), chatId);
        UUID id = ConversationAccess.parseId(fileId, "Unknown upload id " + fileId);
        StoredFile stored = uploads.complete(c, id);
        return envelopes.created(FileView.of(stored, links.fileDownload(c.id(), stored.id())),
                "File uploaded successfully");
    }
}
