package io.sheetflow.ui;

import io.micronaut.context.annotation.Requires;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.StepResult;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code test/gate}: a test-only step that holds its run until the test opens the gate (at most two minutes),
 * so a browser test can keep the run slot busy and see the next run wait in the queue, whatever the machine's
 * speed. Only present where {@code sheetflow.test.gate-operation=true}.
 */
@Singleton
@Requires(property = "sheetflow.test.gate-operation", value = "true")
public class GateOperation implements Operation<GateOperation.Arguments> {
    private volatile CountDownLatch gate = new CountDownLatch(1);

    public record Arguments() {
    }

    /** Closes the gate for the runs that start from now on. */
    public void close() {
        gate = new CountDownLatch(1);
    }

    public void open() {
        gate.countDown();
    }

    @Override
    public String name() {
        return "test/gate";
    }

    @Override
    public String description() {
        return "Test only: waits until the test opens the gate.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        CountDownLatch mine = gate;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!mine.await(100, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            context.progress().rows(0, 0); // a cancellation check point
        }
        return StepResult.of(Map.of("released", mine.getCount() == 0));
    }
}
