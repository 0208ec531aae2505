package io.sheetflow.workflow;

import io.micronaut.context.annotation.Requires;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.StepResult;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code test/stubborn-output}: a test-only step that ignores cancellation: it announces it is running, waits
 * until the test releases it, then writes an output file, as a step deep in a long write would. Present only
 * where {@code sheetflow.test.stubborn-output=true}.
 */
@Singleton
@Requires(property = "sheetflow.test.stubborn-output", value = "true")
public class StubbornOutputOperation implements Operation<StubbornOutputOperation.Arguments> {
    final CountDownLatch running = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    public record Arguments() {
    }

    @Override
    public String name() {
        return "test/stubborn-output";
    }

    @Override
    public String description() {
        return "Test only: waits for the test, ignoring cancellation, then writes an output.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        running.countDown();
        release.await(2, TimeUnit.MINUTES);
        OutputFile output = context.createOutput("late", "csv");
        Files.writeString(output.path(), "a,b\n1,2\n");
        return StepResult.of(Map.of());
    }
}
