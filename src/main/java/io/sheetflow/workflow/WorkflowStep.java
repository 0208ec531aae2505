package io.sheetflow.workflow;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

@MappedEntity("workflow_step")
public record WorkflowStep(
        @Id UUID id,
        UUID runId,
        int stepIndex,
        String operation,
        String arguments,
        StepStatus status,
        int progress,
        @Nullable Long rowsDone,
        @Nullable Long rowsTotal,
        @Nullable UUID inputFileId,
        @Nullable String outputFileIds,
        @Nullable String result,
        @Nullable String error,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt) {
}
