package io.sheetflow.workflow;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;

/**
 * A run that ended within {@code execute?wait=N}: the run's fields, plus Pycelize's {@code results}
 * (one per step, with its {@code download_url}) so clients of its synchronous execute keep working.
 */
public record FinishedRunView(@JsonUnwrapped RunView run, List<ReferenceStepResult> results) {

    public static FinishedRunView of(RunView run) {
        return new FinishedRunView(run, run.steps().stream().map(ReferenceStepResult::of).toList());
    }
}
