package io.sheetflow.preview;

import io.micronaut.core.annotation.Nullable;
import io.sheetflow.workflow.ExecuteRequest;

import java.util.List;

/** {@code {"steps": [...], "input_file": "name or id", "rows": 20}}: the steps as for execute, rows to sample. */
public record PreviewRequest(@Nullable List<ExecuteRequest.StepRequest> steps, @Nullable String inputFile,
                             @Nullable Integer rows) {
}
