package io.sheetflow.workflow;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/**
 * One entry of Pycelize's synchronous execute answer, {@code data.results[]}: the step's result and the
 * download URL of its output file (null when the step wrote none).
 */
public record ReferenceStepResult(
        UUID stepId,
        int index,
        String operation,
        StepStatus status,
        @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE, nullable = true,
                description = "The operation's result (JSON), as the step's `result`")
        @Nullable @JsonRawValue String result,
        @Nullable String downloadUrl) {

    static ReferenceStepResult of(StepView step) {
        String downloadUrl = step.outputFiles().isEmpty() ? null : step.outputFiles().get(0).downloadUrl();
        return new ReferenceStepResult(step.stepId(), step.index(), step.operation(), step.status(), step.result(), downloadUrl);
    }
}
