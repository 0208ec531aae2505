package io.sheetflow.operation;

import java.util.ArrayList;
import java.util.List;

/** Records every {@link #rows} call; optionally cancels the run at the n-th call. */
public final class RecordingProgressReporter implements ProgressReporter {

    /** One {@link #rows} call. */
    public record Report(long rowsDone, long rowsTotal) {
    }

    private final int cancelAtCall;
    private final List<Report> reports = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    private RecordingProgressReporter(int cancelAtCall) {
        this.cancelAtCall = cancelAtCall;
    }

    public static RecordingProgressReporter recording() {
        return new RecordingProgressReporter(Integer.MAX_VALUE);
    }

    /** Throws {@link RunCancelledException} from the {@code call}-th {@link #rows} call (1-based). */
    public static RecordingProgressReporter cancellingAtCall(int call) {
        return new RecordingProgressReporter(call);
    }

    @Override
    public void rows(long rowsDone, long rowsTotal) {
        reports.add(new Report(rowsDone, rowsTotal));
        if (reports.size() >= cancelAtCall) {
            throw new RunCancelledException();
        }
    }

    @Override
    public void message(String message) {
        messages.add(message);
    }

    public List<Report> reports() {
        return reports;
    }

    public List<Long> rowsDone() {
        return reports.stream().map(Report::rowsDone).toList();
    }
}
