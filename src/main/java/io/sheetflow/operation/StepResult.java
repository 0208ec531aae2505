package io.sheetflow.operation;

import java.util.Map;

/** The JSON-able result of one step (counts, statistics, info). Output files are recorded separately. */
public record StepResult(Map<String, Object> data) {

    public static StepResult of(Map<String, Object> data) {
        return new StepResult(data);
    }
}
