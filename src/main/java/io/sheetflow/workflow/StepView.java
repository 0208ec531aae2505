package io.sheetflow.workflow;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.micronaut.core.annotation.Nullable;
import io.sheetflow.file.FileView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record StepView(
        UUID stepId,
        int index,
        String operation,
        @JsonRawValue String arguments,
        StepStatus status,
        int progress,
        @Nullable Long rowsDone,
        @Nullable Long rowsTotal,
        @Nullable UUID inputFileId,
        List<FileView> outputFiles,
        @Nullable @JsonRawValue String result,
        @Nullable String error,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt) {
}
