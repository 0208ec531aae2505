package io.sheetflow.workflow;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.micronaut.core.annotation.Nullable;
import io.sheetflow.file.FileView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record StepView(
        UUID stepId,
        int index,
        String operation,
        // Stored JSON, sent as is: the document says what it is, not the Java type.
        @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                description = "The step's arguments as given") @JsonRawValue String arguments,
        StepStatus status,
        int progress,
        @Nullable Long rowsDone,
        @Nullable Long rowsTotal,
        @Nullable UUID inputFileId,
        List<FileView> outputFiles,
        @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE, nullable = true,
                description = "The operation's result once the step completed")
        @Nullable @JsonRawValue String result,
        @Nullable String error,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt) {
}
