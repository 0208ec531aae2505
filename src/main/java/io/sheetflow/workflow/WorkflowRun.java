package io.sheetflow.workflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

@MappedEntity("workflow_run")
public record WorkflowRun(
        @Id UUID id,
        UUID conversationId,
        String owner,
        RunStatus status,
        @Nullable UUID inputFileId,
        String requestedSteps,
        boolean cancelRequested,
        @Nullable String error,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt) {
}
