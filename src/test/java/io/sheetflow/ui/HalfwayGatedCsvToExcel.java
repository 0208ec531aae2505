package io.sheetflow.ui;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.csv.CsvToExcelOperation;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code csv/convert-to-excel}, which, while the test keeps its gate closed, stops half-way through
 * its input until the gate opens (at most two minutes). A browser test can then reload the page in the middle
 * of a running step, whatever the machine's speed. Open by default; only where
 * {@code sheetflow.test.gate-operation=true}.
 */
@Singleton
@Replaces(CsvToExcelOperation.class)
@Requires(property = "sheetflow.test.gate-operation", value = "true")
public class HalfwayGatedCsvToExcel extends CsvToExcelOperation {
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public void close() {
        gate = new CountDownLatch(1);
    }

    public void open() {
        gate.countDown();
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        CountDownLatch mine = gate;
        return super.execute(arguments, new OperationContext() {
            private final ProgressReporter halfway = new ProgressReporter() {
                private boolean held;

                @Override
                public void rows(long rowsDone, long rowsTotal) {
                    context.progress().rows(rowsDone, rowsTotal);
                    if (!held && rowsTotal > 0 && rowsDone * 2 >= rowsTotal) {
                        held = true;
                        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                        try {
                            while (!mine.await(100, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                                context.progress().rows(rowsDone, rowsTotal); // a cancellation check point
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }

                @Override
                public void message(String message) {
                    context.progress().message(message);
                }
            };

            @Override
            public InputFile input() {
                return context.input();
            }

            @Override
            public OutputFile createOutput(String baseName, String extension) throws IOException {
                return context.createOutput(baseName, extension);
            }

            @Override
            public InputFile conversationFile(String nameOrId) throws IOException {
                return context.conversationFile(nameOrId);
            }

            @Override
            public ProgressReporter progress() {
                return halfway;
            }
        });
    }
}
