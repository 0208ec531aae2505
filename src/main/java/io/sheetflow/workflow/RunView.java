package io.sheetflow.workflow;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public record RunView(
        UUID runId,
        UUID chatId,
        RunStatus status,
        @Nullable Integer queuePosition,
        @Nullable UUID inputFileId,
        boolean cancelRequested,
        @Nullable String error,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        List<StepView> steps,
        Map<String, String> links) {
}
