package io.sheetflow.operation;

import io.sheetflow.sheet.TableReader;

/** Reports rows read from a {@link TableReader} every {@value #EVERY_ROWS} rows; each report checks cancellation. */
public final class RowProgress {

    public static final int EVERY_ROWS = 1_000;

    private final ProgressReporter reporter;
    private final TableReader reader;

    public RowProgress(ProgressReporter reporter, TableReader reader) {
        this.reporter = reporter;
        this.reader = reader;
    }

    /** Call after each row; reports when {@code rowsDone} is a multiple of {@value #EVERY_ROWS}. */
    public void rowDone(long rowsDone) {
        if (rowsDone % EVERY_ROWS == 0) {
            reporter.rows(rowsDone, reader.estimatedTotalRows());
        }
    }

    /** The final report, when the total is known. */
    public void finished(long rowsDone) {
        reporter.rows(rowsDone, rowsDone);
    }
}
