package io.sheetflow.lambda;

/** Switches on the test stand-ins for the other Lambda adapters (run queue, event publisher). */
public final class LambdaStandIns {
    public static final String PROPERTY = "sheetflow.test.lambda-stand-ins";

    private LambdaStandIns() {
    }
}
