package io.sheetflow.operation;

/**
 * Reports how far a step is. Cheap to call per row: implementations throttle what they emit
 * (at least every 5% or every second). Every call is also a cancellation check point.
 */
public interface ProgressReporter {

    /**
     * @param rowsDone  rows processed so far
     * @param rowsTotal total rows, or an estimate; a value below 1 means unknown
     * @throws RunCancelledException when the run has been cancelled
     */
    void rows(long rowsDone, long rowsTotal);

    /** A free-text status line (e.g. "Writing output"), also a cancellation check point. */
    void message(String message);

    /** A reporter that ignores everything, for tests and stateless use. */
    ProgressReporter NONE = new ProgressReporter() {
        @Override
        public void rows(long rowsDone, long rowsTotal) {
        }

        @Override
        public void message(String message) {
        }
    };
}
