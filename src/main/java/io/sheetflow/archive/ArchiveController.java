package io.sheetflow.archive;

import io.sheetflow.openapi.UploadForms;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import io.sheetflow.api.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.conversation.ConversationService;
import io.sheetflow.file.ContentDisposition;
import io.sheetflow.file.MultipartFileStream;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.security.RateLimiter;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sheetflow.operation.rest.StatelessOperations;
import io.sheetflow.operation.rest.StatelessOutput;
import io.sheetflow.work.WorkDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.assistant.bot.BotConversations;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;

/**
 * Dump a conversation as one zip archive, and restore such an archive (or a Pycelize tar.gz dump) as a new
 * conversation of the caller.
 */
@Controller(Links.CHATS)
@Tag(name = "archives")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class ArchiveController {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveController.class);
    private static final int PIPE_CHUNKS = 16;
    private static final int PIPE_CHUNK_BYTES = 64 * 1024;

    private final ArchiveExporter exporter;
    private final ArchiveRestorer restorer;
    private final ConversationAccess access;
    private final ConversationService conversations;
    private final CallerResolver callers;
    private final RateLimiter rateLimiter;
    private final Envelopes envelopes;
    private final Links links;
    private final ExecutorService blocking;
    private final StatelessOperations downloads;
    private final WorkDirectory work;
    private final BotConversations bot;
    private final ObjectMapper mapper;

    public ArchiveController(ArchiveExporter exporter, ArchiveRestorer restorer, ConversationAccess access,
                             ConversationService conversations, CallerResolver callers, RateLimiter rateLimiter,
                             Envelopes envelopes, Links links, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                             StatelessOperations downloads, WorkDirectory work, BotConversations bot, ObjectMapper mapper) {
        this.bot = bot;
        this.mapper = mapper;
        this.downloads = downloads;
        this.work = work;
        this.exporter = exporter;
        this.restorer = restorer;
        this.access = access;
        this.conversations = conversations;
        this.callers = callers;
        this.rateLimiter = rateLimiter;
        this.envelopes = envelopes;
        this.links = links;
        this.blocking = blocking;
    }

    /**
     * Streams the archive while it is written: a writer task fills a bounded pipe that the response drains, so
     * neither the archive nor any file is held in memory. A failure mid-way cuts the response short (a client
     * then holds a truncated zip, which restore refuses) rather than sending something that looks whole.
     */
    @Operation(operationId = "downloadArchive")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
            description = "The conversation's archive (zip), streamed while it is written",
            content = @Content(mediaType = ArchiveFormat.MEDIA_TYPE, schema = @Schema(type = "string", format = "binary")))
    @Get("/{chatId}/dump")
    public HttpResponse<?> dump(HttpRequest<?> request, @PathVariable String chatId) throws IOException {
        Conversation c = access.require(callers.resolve(request), chatId);
        ArchiveExporter.Export export = exporter.prepare(c);
        ArchivePipe pipe = new ArchivePipe(PIPE_CHUNKS, PIPE_CHUNK_BYTES);
        blocking.execute(() -> {
            try (OutputStream out = pipe.sink()) {
                exporter.write(export, out);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Dump of conversation {} stopped: {}", c.id(), e.toString());
                pipe.fail(e instanceof IOException io ? io : new IOException(e));
            }
        });
        return HttpResponse.ok(new StreamedFile(pipe.source(), MediaType.of(ArchiveFormat.MEDIA_TYPE)))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment(export.fileName()));
    }

    /**
     * Pycelize's dump call: the archive is made now and kept as the caller's download for the one-shot outputs'
     * retention; 200 with {@code dump_file} (its name) and {@code download_url}, as Pycelize answered, plus the
     * download's id, size, SHA-256 and expiry.
     */
    @Operation(operationId = "createArchiveDownload")
    @Post("/{chatId}/dump")
    public HttpResponse<ApiResponse<ArchiveDownload>> dumpToDownload(HttpRequest<?> request, @PathVariable String chatId) throws IOException {
        Caller caller = callers.resolve(request);
        Conversation c = access.require(caller, chatId);
        ArchiveExporter.Export export = exporter.prepare(c);
        Path file = Files.createTempFile(work.archives(), "dump-", ".zip");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                exporter.write(export, out);
            }
            StatelessOutput kept = downloads.keep(caller, "chat/workflows/dump", export.fileName(), file,
                    ArchiveFormat.MEDIA_TYPE);
            return envelopes.ok(ArchiveDownload.of(kept, downloads.downloadUrl(kept)), "Conversation dumped successfully");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The archive as multipart field {@code file} (or {@code dump_file}, Pycelize's name), read by our own parser
     * straight into the spool file.
     */
    @Operation(operationId = "restoreConversation")
    @UploadForms.ArchiveBody
    @Post(value = "/restore", consumes = MediaType.MULTIPART_FORM_DATA)
    @Status(HttpStatus.CREATED)
    @RestoredConversation.Documented
    public HttpResponse<ApiResponse<ObjectNode>> restoreMultipart(HttpRequest<?> request, @Nullable @Body InputStream body) throws IOException {
        Caller caller = restoring(request);
        return created(MultipartFileStream.readFilePart(request.getHeaders().get(HttpHeaders.CONTENT_TYPE), body,
                "file", "dump_file", (filename, content) -> restorer.restore(caller, content)));
    }

    /** The archive as the raw request body. */
    @Operation(operationId = "restoreConversation")
    @Post(value = "/restore", consumes = {ArchiveFormat.MEDIA_TYPE, MediaType.APPLICATION_OCTET_STREAM})
    @Status(HttpStatus.CREATED)
    @RestoredConversation.Documented
    public HttpResponse<ApiResponse<ObjectNode>> restoreRaw(HttpRequest<?> request, @Nullable @Body InputStream body) throws IOException {
        Caller caller = restoring(request);
        Conversation restored;
        try (InputStream content = body == null ? InputStream.nullInputStream() : body) {
            restored = restorer.restore(caller, content);
        }
        return created(restored);
    }

    private Caller restoring(HttpRequest<?> request) {
        Caller caller = callers.resolve(request);
        rateLimiter.acquire(caller, RateLimiter.Kind.UPLOAD);
        return caller;
    }

    /**
     * 201 with the restored conversation as {@code GET} answers it, plus what Pycelize's restore answered
     * ({@code messages[].message_type}, {@code uploaded_files}, {@code output_files}, {@code workflow_steps}).
     */
    private HttpResponse<ApiResponse<ObjectNode>> created(Conversation c) {
        ObjectNode data = mapper.valueToTree(conversations.detail(c));
        for (JsonNode message : data.withArray("messages")) {
            ((ObjectNode) message).set("message_type", message.get("type"));
        }
        data.setAll(mapper.<ObjectNode>valueToTree(bot.filesAndSteps(c)));
        return envelopes.created(data, "Conversation restored successfully")
                .header(HttpHeaders.LOCATION, links.base() + Links.CHATS + "/" + c.id());
    }
}
