package io.sheetflow.file;

import io.sheetflow.api.ApiResponse;
import io.sheetflow.openapi.FileDownloadResponses;
import io.sheetflow.openapi.UploadForms;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.security.RateLimiter;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/** Uploads into a conversation and downloads of its files, streamed both ways. */
@Controller(Links.CHATS)
@Tag(name = "files")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class FileController {
    private final FileService files;
    private final StoredFileRepository repository;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final Envelopes envelopes;
    private final Links links;
    private final RateLimiter rateLimiter;
    private final FileDownloads downloads;

    public FileController(FileService files, StoredFileRepository repository, ConversationAccess access,
                          CallerResolver callers, Envelopes envelopes, Links links, RateLimiter rateLimiter,
                          FileDownloads downloads) {
        this.files = files;
        this.repository = repository;
        this.access = access;
        this.callers = callers;
        this.envelopes = envelopes;
        this.links = links;
        this.rateLimiter = rateLimiter;
        this.downloads = downloads;
    }

    private Conversation uploadTarget(HttpRequest<?> request, String chatId) {
        Caller caller = callers.resolve(request);
        Conversation c = access.require(caller, chatId);
        rateLimiter.acquire(caller, RateLimiter.Kind.UPLOAD);
        return c;
    }

    /** A multipart upload, field {@code file}, streamed to the spool file ({@link FileService#uploadMultipart}). */
    @Operation(operationId = "uploadFile")
    @UploadForms.FileBody
    @Post(value = "/{chatId}/upload", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<FileView>> upload(HttpRequest<?> request, @PathVariable String chatId,
                                  @Nullable @Body InputStream body) throws IOException {
        Conversation c = uploadTarget(request, chatId);
        StoredFile stored = files.uploadMultipart(c, request.getHeaders().get(HttpHeaders.CONTENT_TYPE), body, "file");
        return uploaded(c, stored);
    }

    /**
     * The same upload with the file as the raw request body ({@code ?filename=} names it). Skips multipart
     * decoding, so it is the faster path for scripts and large files.
     */
    @Operation(operationId = "uploadFile")
    @Post(value = "/{chatId}/upload", consumes = MediaType.APPLICATION_OCTET_STREAM)
    public HttpResponse<ApiResponse<FileView>> uploadRaw(HttpRequest<?> request, @PathVariable String chatId,
                                     @Nullable @QueryValue String filename, @Body InputStream body) throws IOException {
        Conversation c = uploadTarget(request, chatId);
        if (filename == null || filename.isBlank()) {
            throw ApiException.invalid("filename", "filename is required when the file is sent as the request body");
        }
        StoredFile stored;
        try (InputStream content = body) {
            stored = files.upload(c, filename, content);
        }
        return uploaded(c, stored);
    }

    /** 200 as Pycelize answers uploads, the file in {@code data} and its download URL in {@code Location}. */
    private HttpResponse<ApiResponse<FileView>> uploaded(Conversation c, StoredFile stored) {
        String downloadUrl = links.fileDownload(c.id(), stored.id());
        return envelopes.ok(FileView.of(stored, downloadUrl), "File uploaded successfully")
                .header(HttpHeaders.LOCATION, downloadUrl);
    }

    @Operation(operationId = "listFiles")
    @Get("/{chatId}/files")
    public HttpResponse<ApiResponse<FileList>> list(HttpRequest<?> request, @PathVariable String chatId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        List<FileView> views = repository.findByConversationIdOrderByCreatedAt(c.id()).stream()
                .map(f -> FileView.of(f, links.fileDownload(c.id(), f.id()))).toList();
        return envelopes.ok(new FileList(views, views.size()), "Files retrieved successfully", views.size());
    }

    /** The latest file of that name (uploads may repeat a name; each stays reachable by id). */
    @Operation(operationId = "downloadFileByName")
    @FileDownloadResponses
    @Get("/{chatId}/files/{filename}")
    public HttpResponse<?> downloadByName(HttpRequest<?> request, @PathVariable String chatId,
                                                     @PathVariable String filename) throws IOException {
        Conversation c = access.require(callers.resolve(request), chatId);
        StoredFile file = repository.findLatestByName(c.id(), filename)
                .orElseThrow(() -> ApiException.notFound("File not found"));
        return stream(request, file);
    }

    @Operation(operationId = "downloadFile")
    @FileDownloadResponses
    @Get("/{chatId}/files/id/{fileId}")
    public HttpResponse<?> downloadById(HttpRequest<?> request, @PathVariable String chatId,
                                                   @PathVariable String fileId) throws IOException {
        Conversation c = access.require(callers.resolve(request), chatId);
        UUID id = ConversationAccess.parseId(fileId, "File not found");
        StoredFile file = repository.findByIdAndConversationId(id, c.id())
                .orElseThrow(() -> ApiException.notFound("File not found"));
        return stream(request, file);
    }

    private HttpResponse<?> stream(HttpRequest<?> request, StoredFile file) throws IOException {
        return downloads.respond(request, new FileDownloads.Download(file.objectKey(), file.displayName(),
                file.contentType(), file.sizeBytes(), file.sha256(), file.createdAt()));
    }
}
