package io.sheetflow.operation.rest;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A file produced by a stateless operation endpoint: owned by one user, kept until {@code expiresAt}. */
@MappedEntity("stateless_output")
public record StatelessOutput(
        @Id UUID id,
        String owner,
        String operation,
        String displayName,
        String objectKey,
        String contentType,
        long sizeBytes,
        String sha256,
        Instant createdAt,
        Instant expiresAt) {
}
