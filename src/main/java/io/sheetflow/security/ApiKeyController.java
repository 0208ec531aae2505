package io.sheetflow.security;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Status;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.ConversationAccess;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Admin-only: create (the key is shown once), list and revoke API keys. */
@Controller(Links.API + "/admin/api-keys")
@Tag(name = "admin")
@AuthenticatedApi
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApiKeyController {
    private final ApiKeyService keys;
    private final Envelopes envelopes;

    public ApiKeyController(ApiKeyService keys, Envelopes envelopes) {
        this.keys = keys;
        this.envelopes = envelopes;
    }

    public record CreateKeyRequest(@Nullable String user, @Nullable String name, @Nullable Boolean admin) {
    }

    public record KeyView(UUID keyId, String user, String name, String keyPrefix, boolean admin, Instant createdAt,
                          @Nullable Instant revokedAt) {
        static KeyView of(ApiKey k) {
            return new KeyView(k.id(), k.userId(), k.name(), k.keyPrefix(), k.admin(), k.createdAt(), k.revokedAt());
        }
    }

    /** The new key: its secret, shown this once, and the key as listed. */
    public record CreatedKey(String apiKey, KeyView key) {
    }

    public record KeyList(List<KeyView> keys) {
    }

    /** The answer to a key's revocation. */
    public record RevokedKey(String keyId) {
    }

    @Operation(operationId = "createApiKey")
    @Post
    @Status(HttpStatus.CREATED)
    public HttpResponse<ApiResponse<CreatedKey>> create(@Body CreateKeyRequest request) {
        String user = request.user() == null ? "" : request.user().strip();
        if (!user.matches("[A-Za-z0-9._@-]{1,100}")) {
            throw ApiException.invalid("user", "user is required: 1-100 letters, digits or . _ @ -");
        }
        String name = request.name() == null || request.name().isBlank() ? "api key" : request.name().strip();
        if (name.length() > 200) {
            throw ApiException.invalid("name", "name must be at most 200 characters");
        }
        ApiKeyService.Created created = keys.create(user, name, Boolean.TRUE.equals(request.admin()));
        return envelopes.created(new CreatedKey(created.secret(), KeyView.of(created.key())),
                "API key created: store it now, it is not shown again");
    }

    @Operation(operationId = "listApiKeys")
    @Get
    public HttpResponse<ApiResponse<KeyList>> list() {
        List<KeyView> all = keys.list().stream().map(KeyView::of).toList();
        return envelopes.ok(new KeyList(all), "API keys retrieved successfully", all.size());
    }

    @Operation(operationId = "revokeApiKey")
    @Delete("/{keyId}")
    public HttpResponse<ApiResponse<RevokedKey>> revoke(@PathVariable String keyId) {
        UUID id = ConversationAccess.parseId(keyId, "API key not found");
        if (!keys.revoke(id)) {
            throw ApiException.notFound("API key not found or already revoked");
        }
        return envelopes.ok(new RevokedKey(id.toString()), "API key revoked");
    }
}
