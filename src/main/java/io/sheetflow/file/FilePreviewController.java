package io.sheetflow.file;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.api.QueryParams;

import java.io.IOException;

/** Previews of a conversation's stored files: a page of rows of a table, or the beginning of a text file. */
@Controller(Links.CHATS)
@Tag(name = "files")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class FilePreviewController {
    static final int MAX_ROWS = 1000;
    static final int DEFAULT_TEXT_BYTES = 64 * 1024;
    static final int MAX_TEXT_BYTES = 1024 * 1024;

    private final FilePreview preview;
    private final OwnedFiles files;
    private final Envelopes envelopes;

    public FilePreviewController(FilePreview preview, OwnedFiles files, Envelopes envelopes) {
        this.preview = preview;
        this.files = files;
        this.envelopes = envelopes;
    }

    /** {@code ?offset=0&limit=100[&sheet_name=]}: a page of data rows (header excluded) with typed cells. */
    @Operation(operationId = "previewRows")
    @Get("/{chatId}/files/id/{fileId}/rows")
    public HttpResponse<ApiResponse<RowsPage>> rows(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String fileId,
                                @Nullable @QueryValue String offset, @Nullable @QueryValue String limit,
                                @Nullable @QueryValue("sheet_name") String sheetName) throws IOException {
        StoredFile file = find(request, chatId, fileId);
        long skip = QueryParams.nonNegative("offset", offset, 0);
        int max = QueryParams.limit("limit", limit, 100, MAX_ROWS);
        RowsPage page = preview.rows(file, skip, max, sheetName == null || sheetName.isBlank() ? null : sheetName);
        return envelopes.ok(page, "Rows retrieved successfully", page.rowsReturned());
    }

    /** {@code ?max_bytes=65536}: the beginning of a JSON, SQL, CSV or text file. */
    @Operation(operationId = "previewText")
    @Get("/{chatId}/files/id/{fileId}/text")
    public HttpResponse<ApiResponse<TextPreview>> text(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String fileId,
                                @Nullable @QueryValue("max_bytes") String maxBytes) throws IOException {
        StoredFile file = find(request, chatId, fileId);
        int max = QueryParams.limit("max_bytes", maxBytes, DEFAULT_TEXT_BYTES, MAX_TEXT_BYTES);
        TextPreview text = preview.text(file, max);
        return envelopes.ok(text, "Text retrieved successfully");
    }

    private StoredFile find(HttpRequest<?> request, String chatId, String fileId) {
        return files.require(request, chatId, fileId);
    }
}
