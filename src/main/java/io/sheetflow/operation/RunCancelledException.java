package io.sheetflow.operation;

/** Thrown from a progress check point when the run was cancelled; the step stops where it is. */
public class RunCancelledException extends RuntimeException {
    public RunCancelledException() {
        super("Run cancelled", null, false, false);
    }
}
