package io.sheetflow.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

@MappedEntity("api_key")
public record ApiKey(
        @Id UUID id,
        String userId,
        String name,
        String keyHash,
        String keyPrefix,
        boolean admin,
        Instant createdAt,
        @Nullable Instant revokedAt) {
}
