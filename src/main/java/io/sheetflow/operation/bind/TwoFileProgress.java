package io.sheetflow.operation.bind;

import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.sheet.TableReader;

/**
 * Progress of a step that reads two files one after the other (the bind file, then the source): the rows of both
 * count, so the reported numbers only grow, against the sum of both files' estimated sizes.
 */
final class TwoFileProgress {

    private final ProgressReporter reporter;
    private final TableReader first;
    private final TableReader second;
    private long rowsDone;
    private long firstRows = -1;

    TwoFileProgress(ProgressReporter reporter, TableReader first, TableReader second) {
        this.reporter = reporter;
        this.first = first;
        this.second = second;
    }

    /** Call after each row of either file; reports (and checks cancellation) every 1,000 rows. */
    void rowDone() {
        if (++rowsDone % RowProgress.EVERY_ROWS == 0) {
            reporter.rows(rowsDone, total());
        }
    }

    /** The first file is read: from now on its exact row count is used (and its reader no longer asked). */
    void firstFileDone() {
        firstRows = rowsDone;
    }

    void finished() {
        reporter.rows(rowsDone, rowsDone);
    }

    private long total() {
        long a = firstRows >= 0 ? firstRows : first.estimatedTotalRows();
        long b = second.estimatedTotalRows();
        return a < 1 || b < 1 ? -1 : Math.max(a + b, rowsDone);
    }
}
