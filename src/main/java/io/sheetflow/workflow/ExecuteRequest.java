package io.sheetflow.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** {@code {"steps":[{"operation": "...", "arguments": {...}}], "input_file": "name or id"}} */
public record ExecuteRequest(@Nullable List<StepRequest> steps, @Nullable String inputFile) {

    public record StepRequest(@Nullable String operation, @Nullable JsonNode arguments) {
    }
}
