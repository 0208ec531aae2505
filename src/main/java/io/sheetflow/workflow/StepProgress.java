package io.sheetflow.workflow;

import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.RunCancelledException;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Turns an operation's per-row reports into progress events: one whenever the percentage grew by the
 * configured step or the interval passed, whichever comes first. Every call checks for cancellation.
 */
final class StepProgress implements ProgressReporter {
    private static final long DB_CANCEL_CHECK_NANOS = 2_000_000_000L;

    interface Sink {
        void progress(int percent, long rowsDone, long rowsTotal, String message);
    }

    private final AtomicBoolean cancelled;
    private final BooleanSupplier cancelledElsewhere;
    private final Sink sink;
    private final long intervalNanos;
    private final int minPercent;
    private int lastPercent;
    private long lastEmitNanos;
    private long lastRowsEmitted = -1;
    private long lastDbCheckNanos;
    private long rowsSeen = -1;
    private long totalSeen = -1;

    StepProgress(AtomicBoolean cancelled, BooleanSupplier cancelledElsewhere, Sink sink, EventSettings settings) {
        this.cancelled = cancelled;
        this.cancelledElsewhere = cancelledElsewhere;
        this.sink = sink;
        this.intervalNanos = settings.progressMinInterval().toNanos();
        this.minPercent = Math.max(1, settings.progressMinPercent());
        this.lastEmitNanos = System.nanoTime();
        this.lastDbCheckNanos = lastEmitNanos;
    }

    @Override
    public void rows(long rowsDone, long rowsTotal) {
        long now = checkCancelled();
        rowsSeen = rowsDone;
        totalSeen = rowsTotal;
        int percent = rowsTotal > 0 ? (int) Math.min(99, rowsDone * 100 / rowsTotal) : lastPercent;
        percent = Math.max(percent, lastPercent);
        boolean stepReached = percent >= lastPercent + minPercent;
        boolean intervalPassed = now - lastEmitNanos >= intervalNanos && rowsDone != lastRowsEmitted;
        if (stepReached || intervalPassed) {
            lastPercent = percent;
            lastEmitNanos = now;
            lastRowsEmitted = rowsDone;
            sink.progress(percent, rowsDone, rowsTotal, rowsTotal > 0
                    ? "Processed " + rowsDone + " of " + rowsTotal + " rows"
                    : "Processed " + rowsDone + " rows");
        }
    }

    @Override
    public void message(String message) {
        long now = checkCancelled();
        lastEmitNanos = now;
        sink.progress(lastPercent, Math.max(lastRowsEmitted, 0), -1, message);
    }

    /** The last row count reported by the operation, or -1. */
    long rowsSeen() {
        return rowsSeen;
    }

    /** The last total reported by the operation, or -1. */
    long totalSeen() {
        return totalSeen;
    }

    private long checkCancelled() {
        long now = System.nanoTime();
        if (cancelled.get()) {
            throw new RunCancelledException();
        }
        if (now - lastDbCheckNanos >= DB_CANCEL_CHECK_NANOS) {
            lastDbCheckNanos = now;
            if (cancelledElsewhere.getAsBoolean()) {
                cancelled.set(true);
                throw new RunCancelledException();
            }
        }
        return now;
    }
}
