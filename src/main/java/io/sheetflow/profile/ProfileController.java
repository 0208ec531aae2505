package io.sheetflow.profile;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
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
import io.sheetflow.file.FilePreview;
import io.sheetflow.file.OwnedFiles;
import io.sheetflow.file.StoredFile;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.operation.normalize.ClusterOperation;

import java.io.IOException;
import java.util.Map;

/**
 * Column profiles and value clusters of a conversation's stored files (uploads and run outputs alike), by file id,
 * owner-checked like every file route.
 */
@Controller(Links.CHATS)
@Tag(name = "files")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProfileController {

    private final FileProfiles profiles;
    private final FilePreview tables;
    private final OwnedFiles files;
    private final OperationRegistry registry;
    private final ClusterOperation clusterOperation;
    private final Envelopes envelopes;

    public ProfileController(FileProfiles profiles, FilePreview tables, OwnedFiles files, OperationRegistry registry,
                             ClusterOperation clusterOperation, Envelopes envelopes) {
        this.profiles = profiles;
        this.tables = tables;
        this.files = files;
        this.registry = registry;
        this.clusterOperation = clusterOperation;
        this.envelopes = envelopes;
    }

    /** {@code [?sheet_name=]}: the profile of every column, computed in one pass and cached per file. */
    @Operation(operationId = "profileFile")
    @Get("/{chatId}/files/id/{fileId}/profile")
    public HttpResponse<ApiResponse<FileProfile>> profile(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String fileId,
                                   @Nullable @QueryValue("sheet_name") String sheetName) throws IOException {
        StoredFile file = files.require(request, chatId, fileId);
        FileProfile profile = profiles.profile(file, sheetName == null || sheetName.isBlank() ? null : sheetName);
        return envelopes.ok(profile, "Profile computed successfully", profile.columns().size());
    }

    /**
     * The clusters of near-duplicate values of one column; the body is {@code normalization/cluster}'s arguments
     * ({@code column}, {@code method}, {@code min_cluster_size}, {@code max_clusters}, {@code sheet_name}).
     */
    @Operation(operationId = "findValueClusters")
    @Post("/{chatId}/files/id/{fileId}/clusters")
    public HttpResponse<ApiResponse<Map<String, Object>>> clusters(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String fileId,
                                    @Nullable @Body JsonNode body) throws IOException {
        StoredFile file = files.require(request, chatId, fileId);
        ClusterOperation.Arguments arguments;
        try {
            arguments = registry.bind(clusterOperation, body);
        } catch (InvalidArgumentException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
        Map<String, Object> clusters = tables.readTable(file, arguments.sheetName(), (reader, format) -> {
            if (!reader.header().contains(arguments.column())) {
                throw ApiException.invalid("column", "Column '" + arguments.column() + "' not found. Available"
                        + " columns: " + String.join(", ", reader.header()));
            }
            return ClusterOperation.cluster(reader, arguments, null);
        });
        return envelopes.ok(clusters, "Clusters found successfully");
    }
}
