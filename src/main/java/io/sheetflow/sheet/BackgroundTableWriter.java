package io.sheetflow.sheet;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands rows to another {@link TableWriter} running on a thread of its own, in batches, so that reading the input
 * and encoding the output (xlsx XML and deflate) overlap on two cores. A failure of the writing thread surfaces on
 * the caller's next {@link #row} or at {@link #close()}. At most {@value #QUEUED_BATCHES} batches wait, so closing
 * after the caller failed (a cancelled run, a bad row) only finishes a few thousand rows.
 */
public final class BackgroundTableWriter implements TableWriter {

    private static final int BATCH_ROWS = 1_000;
    private static final int QUEUED_BATCHES = 4;
    private static final List<Object[]> END = List.of();

    private final TableWriter target;
    private final BlockingQueue<List<Object[]>> batches = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private volatile Throwable failure;
    /** The failure was thrown to the caller once; throwing it again from close() would suppress it into itself. */
    private boolean failureThrown;
    private List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
    private List<String> header;
    private long rowsAccepted;
    private boolean closed;

    public BackgroundTableWriter(TableWriter target) {
        this.target = target;
        this.thread = new Thread(this::writeBatches, "table-writer");
        thread.setDaemon(true);
    }

    /** Starts the writing thread, which writes the header first. */
    @Override
    public void header(List<String> columnNames) {
        header = List.copyOf(columnNames);
        thread.start();
    }

    @Override
    public void row(Object[] cells) throws IOException {
        rethrowFailure();
        batch.add(cells);
        rowsAccepted++;
        if (batch.size() == BATCH_ROWS) {
            hand(batch);
            batch = new ArrayList<>(BATCH_ROWS);
        }
    }

    /** Rows accepted so far; all of them are written once {@link #close()} has returned normally. */
    @Override
    public long rowsWritten() {
        return rowsAccepted;
    }

    /** Hands over the last rows and waits until the target has finished the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (header == null) {
            target.close();
            return;
        }
        if (!batch.isEmpty()) {
            hand(batch);
        }
        hand(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw interrupted();
        }
        rethrowFailure();
    }

    /** Queues rows for the writing thread; once that thread has failed, rows are dropped and the failure thrown. */
    private void hand(List<Object[]> rows) throws IOException {
        try {
            while (failure == null && !batches.offer(rows, 50, TimeUnit.MILLISECONDS)) {
                // the writing thread is busy: wait, and notice if it fails meanwhile
            }
            rethrowFailure();
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    private InterruptedIOException interrupted() {
        Thread.currentThread().interrupt();
        thread.interrupt();
        return new InterruptedIOException("Interrupted while writing the table");
    }

    private void writeBatches() {
        try (target) {
            target.header(header);
            for (List<Object[]> rows = batches.take(); rows != END; rows = batches.take()) {
                for (Object[] row : rows) {
                    target.row(row);
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure;
        if (t == null || failureThrown) {
            return;
        }
        failureThrown = true;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        throw new IOException("The table writer failed", t);
    }
}
