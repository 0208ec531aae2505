package io.sheetflow.operation.rest;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.file.FileDownloads;
import io.sheetflow.security.CallerResolver;

import java.io.IOException;
import java.util.UUID;

/** Downloads of stateless outputs: only their owner may fetch them, until they expire. */
@Controller(Links.API + "/files/downloads")
@Tag(name = "one-shot operations")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatelessDownloadController {
    private final StatelessOperations operations;
    private final CallerResolver callers;
    private final FileDownloads downloads;

    public StatelessDownloadController(StatelessOperations operations, CallerResolver callers,
                                       FileDownloads downloads) {
        this.operations = operations;
        this.callers = callers;
        this.downloads = downloads;
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "downloadOperationOutput")
    @io.sheetflow.openapi.FileDownloadResponses
    @Get("/{fileId}")
    public HttpResponse<?> download(HttpRequest<?> request, @PathVariable String fileId) throws IOException {
        UUID id = ConversationAccess.parseId(fileId, "File not found");
        StatelessOutput output = operations.find(callers.resolve(request), id)
                .orElseThrow(() -> ApiException.notFound("File not found (outputs are kept for a limited time)"));
        return downloads.respond(request, new FileDownloads.Download(output.objectKey(), output.displayName(),
                output.contentType(), output.sizeBytes(), output.sha256(), output.createdAt()));
    }
}
