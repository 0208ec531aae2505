package io.sheetflow.operation.rest;

import io.sheetflow.openapi.UploadForms;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.file.MultipartFileStream;
import io.sheetflow.operation.rest.StatelessOperations.FileRoles;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.RateLimiter;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pycelize's stateless operation endpoints: upload the file(s) with the operation's fields in one
 * multipart request, get the result and download URLs for the outputs (owned by the caller, kept for a day).
 * Array and object fields are JSON text, as in Pycelize. Each endpoint runs the same operation class as
 * the workflow step of the same name.
 */
@Controller(Links.API)
@Tag(name = "one-shot operations")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatelessOperationController {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final FileRoles SINGLE = FileRoles.SINGLE;
    private static final FileRoles KEYED_BIND = new FileRoles("source_file", Map.of("bind_file", "bind_file"), List.of());
    private static final FileRoles POSITIONAL_BIND = new FileRoles("target_file", Map.of("source_file", "bind_file"), List.of());
    private static final int MAX_INLINE_SQL_BYTES = 8 * 1024 * 1024;

    private final StatelessOperations operations;
    private final CallerResolver callers;
    private final RateLimiter rateLimiter;
    private final Envelopes envelopes;
    private final int maxFieldBytes;

    public StatelessOperationController(StatelessOperations operations, CallerResolver callers, RateLimiter rateLimiter,
                                        Envelopes envelopes, LimitSettings limits) {
        this.operations = operations;
        this.callers = callers;
        this.rateLimiter = rateLimiter;
        this.envelopes = envelopes;
        this.maxFieldBytes = limits.maxJsonBytes();
    }

    @UploadForms.OperationBody
    @Post(value = "/excel/info", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> excelInfo(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/info", SINGLE, "File information retrieved successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/csv/info", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> csvInfo(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "csv/info", SINGLE, "CSV file information retrieved successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/excel/extract-columns", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> extractColumns(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/extract-columns", SINGLE, "Successfully extracted the requested columns");
    }

    @UploadForms.OperationBody
    @Post(value = "/excel/extract-columns-to-file", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> extractColumnsToFile(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/extract-columns-to-file", SINGLE, "Extracted Excel file generated successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/excel/map-columns", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> mapColumns(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/map-columns", SINGLE, "Mapped Excel file generated successfully");
    }

    @UploadForms.KeyedBindBody
    @Post(value = "/excel/bind-single-key", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> bindSingleKey(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/bind-single-key", KEYED_BIND, "Excel binding completed successfully");
    }

    @UploadForms.KeyedBindBody
    @Post(value = "/excel/bind-multi-key", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> bindMultiKey(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/bind-multi-key", KEYED_BIND, "Excel binding completed successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/excel/search", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> excelSearch(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/search", SINGLE, "Search completed successfully. {filtered_rows} rows matched.");
    }

    @UploadForms.OperationBody
    @Post(value = "/csv/search", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> csvSearch(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "csv/search", SINGLE, "Search completed successfully. {filtered_rows} rows matched.");
    }

    @UploadForms.OperationBody
    @Post(value = "/excel/search/suggest-operators", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> excelSuggestOperators(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/search/suggest-operators", SINGLE, "Operator suggestions generated successfully");
    }

    /** The same operation: it reads CSV as well as Excel. */
    @UploadForms.OperationBody
    @Post(value = "/csv/search/suggest-operators", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> csvSuggestOperators(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/search/suggest-operators", SINGLE, "Operator suggestions generated successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/csv/convert-to-excel", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> csvToExcel(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "csv/convert-to-excel", SINGLE, "Converted to Excel file successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/excel/convert-to-csv", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> excelToCsv(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "excel/convert-to-csv", SINGLE, "Converted to CSV file successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/normalization/apply", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> normalize(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "normalization/apply", SINGLE, "Normalization completed successfully");
    }

    /**
     * As in Pycelize, {@code return_file=false} (the default) also returns the statements inline; the file
     * is stored either way.
     */
    @UploadForms.OperationBody
    @Post(value = "/sql/generate", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> generateSql(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        Caller caller = admit(request);
        try (StatelessRequest parts = receive(request, body)) {
            String returnFile = parts.fields().getOrDefault("return_file", "false").strip().toLowerCase(java.util.Locale.ROOT);
            boolean inline = !List.of("true", "1", "yes", "on").contains(returnFile);
            Map<String, Object> data = operations.run(caller, "sql/generate", SINGLE.withConsumed("return_file"), parts);
            if (!inline) {
                return envelopes.ok(data, "Generate Standard SQL file successfully");
            }
            boolean mysql = "mysql".equalsIgnoreCase(parts.fields().getOrDefault("database_type", "").strip());
            String sql = operations.readOutputText(data, MAX_INLINE_SQL_BYTES);
            if (sql == null) {
                data.put("statements", List.of());
                data.put("statements_omitted", "The SQL is larger than 8 MB: download it from download_url");
            } else {
                data.put("statements", SqlStatements.split(sql, mysql));
            }
            data.put("success", true);
            data.put("generated_at", java.time.Instant.now().toString());
            Object total = data.get("total_statements");
            return envelopes.ok(data, "SQL generated successfully", total instanceof Number n ? n.longValue() : 0);
        }
    }

    @UploadForms.OperationBody
    @Post(value = "/sql/generate-to-text", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> generateSqlText(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "sql/generate-to-text", SINGLE, "SQL text file generated successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/sql/generate-custom-to-text", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> generateCustomSql(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "sql/generate-custom-to-text", SINGLE, "Custom SQL text file generated successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/json/generate", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> generateJson(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "json/generate", SINGLE, "JSON file generated successfully");
    }

    @UploadForms.OperationBody
    @Post(value = "/json/generate-with-template", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> generateJsonWithTemplate(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "json/generate-with-template", SINGLE, "JSON file generated successfully with template");
    }

    @UploadForms.PositionalBindBody
    @Post(value = "/files/bind", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> bindFiles(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "files/bind", POSITIONAL_BIND, "Files bound successfully");
    }

    @UploadForms.PositionalBindBody
    @Post(value = "/files/bind/preview", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<ApiResponse<Map<String, Object>>> previewBind(HttpRequest<?> request, @Nullable @Body InputStream body) throws Exception {
        return run(request, body, "files/bind/preview", POSITIONAL_BIND, "Binding preview generated");
    }

    private HttpResponse<ApiResponse<Map<String, Object>>> run(HttpRequest<?> request, @Nullable InputStream body, String operation, FileRoles roles,
                                String message) throws Exception {
        Caller caller = admit(request);
        try (StatelessRequest parts = receive(request, body)) {
            Map<String, Object> data = operations.run(caller, operation, roles, parts);
            return envelopes.ok(data, message(message, data));
        }
    }

    private Caller admit(HttpRequest<?> request) {
        Caller caller = callers.resolve(request);
        rateLimiter.acquire(caller, RateLimiter.Kind.UPLOAD);
        return caller;
    }

    /**
     * Reads every part up to the closing boundary: files are checked and spooled to disk as they arrive (our own
     * parser, so no decoder copy), text fields kept. A body cut short is a 400 before anything runs.
     */
    private StatelessRequest receive(HttpRequest<?> http, @Nullable InputStream raw) throws Exception {
        String boundary = MultipartFileStream.boundary(http.getHeaders().get(HttpHeaders.CONTENT_TYPE));
        StatelessRequest request = operations.newRequest();
        try (InputStream in = raw == null ? InputStream.nullInputStream() : raw) {
            MultipartFileStream body = new MultipartFileStream(in, boundary);
            for (MultipartFileStream.Part part = body.nextPart(); part != null; part = body.nextPart()) {
                if (part.filename() != null) {
                    operations.addFile(request, part.name(), part.filename(), part.content());
                } else {
                    byte[] value = part.content().readNBytes(maxFieldBytes + 1);
                    if (value.length > maxFieldBytes) {
                        throw ApiException.tooLarge("The field '" + part.name() + "' is larger than "
                                + maxFieldBytes + " bytes");
                    }
                    request.fields().put(part.name(), new String(value, StandardCharsets.UTF_8));
                }
            }
            return request;
        } catch (Exception | Error e) {
            request.close();
            throw e;
        }
    }

    private static String message(String template, Map<String, Object> data) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = data.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : String.valueOf(value)));
        }
        return m.appendTail(out).toString();
    }
}
