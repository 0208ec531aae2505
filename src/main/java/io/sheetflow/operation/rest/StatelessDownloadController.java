package io.sheetflow.operation.rest;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.file.ContentDisposition;
import io.sheetflow.file.DownloadRedirects;
import io.sheetflow.file.ObjectNotFoundException;
import io.sheetflow.security.CallerResolver;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/** Downloads of stateless outputs: only their owner may fetch them, until they expire. */
@Controller(Links.API + "/files/downloads")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatelessDownloadController {
    private final StatelessOperations operations;
    private final CallerResolver callers;
    private final DownloadRedirects redirects;

    public StatelessDownloadController(StatelessOperations operations, CallerResolver callers,
                                       DownloadRedirects redirects) {
        this.operations = operations;
        this.callers = callers;
        this.redirects = redirects;
    }

    @Get("/{fileId}")
    public HttpResponse<?> download(HttpRequest<?> request, @PathVariable String fileId) throws IOException {
        UUID id = ConversationAccess.parseId(fileId, "File not found");
        StatelessOutput output = operations.find(callers.resolve(request), id)
                .orElseThrow(() -> ApiException.notFound("File not found (outputs are kept for a limited time)"));
        var redirect = redirects.redirect(output.objectKey(), output.displayName(), output.contentType(), output.sha256());
        if (redirect.isPresent()) {
            return redirect.get();
        }
        MediaType type = MediaType.of(output.contentType());
        var local = operations.localFile(output);
        if (local.isPresent()) {
            return HttpResponse.ok(new SystemFile(local.get().toFile(), type))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment(output.displayName()))
                    .header("X-Content-SHA256", output.sha256());
        }
        InputStream content;
        try {
            content = operations.open(output);
        } catch (ObjectNotFoundException e) {
            throw ApiException.notFound("File content is missing from storage");
        }
        return HttpResponse.ok(new StreamedFile(content, type, output.createdAt().toEpochMilli(), output.sizeBytes()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment(output.displayName()))
                .header("X-Content-SHA256", output.sha256());
    }
}
