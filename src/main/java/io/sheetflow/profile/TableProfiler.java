package io.sheetflow.profile;

import io.sheetflow.sheet.TableReader;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Profiles every column of a table in one streaming pass: memory is per column and per batch of rows, never per
 * table. The columns are split among worker threads (one per processor, at most one per column); while they
 * profile one batch of {@value #BATCH_ROWS} rows the caller reads the next, so reading and profiling overlap.
 */
public final class TableProfiler {

    /** The default number of distinct values each column counts exactly for its top values. */
    public static final int DEFAULT_TRACKED_VALUES = 20_000;
    static final int BATCH_ROWS = 4_096;

    private TableProfiler() {
    }

    /** The row count and column profiles of what {@code reader} has left to read. */
    public static Result profile(TableReader reader, int trackedValues) throws IOException {
        List<String> header = reader.header();
        ColumnProfiler[] columns = new ColumnProfiler[header.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new ColumnProfiler(header.get(c), trackedValues);
        }
        int workers = Math.max(1, Math.min(columns.length, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "profile-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long rows = 0;
            List<Future<?>> running = List.of();
            Object[][] batch = read(reader);
            while (batch.length > 0) {
                await(running);
                rows += batch.length;
                running = submit(pool, columns, workers, batch);
                batch = read(reader);
            }
            await(running);
            List<ColumnProfile> profiles = new ArrayList<>(columns.length);
            for (ColumnProfiler column : columns) {
                profiles.add(column.finish());
            }
            return new Result(rows, profiles);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Object[][] read(TableReader reader) throws IOException {
        Object[][] batch = new Object[BATCH_ROWS][];
        int n = 0;
        for (Object[] row; n < BATCH_ROWS && (row = reader.nextRow()) != null; ) {
            batch[n++] = row;
        }
        return n == BATCH_ROWS ? batch : java.util.Arrays.copyOf(batch, n);
    }

    /** Worker {@code w} profiles columns {@code w, w + workers, ...} of the batch. */
    private static List<Future<?>> submit(ExecutorService pool, ColumnProfiler[] columns, int workers,
                                          Object[][] batch) {
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int first = w;
            futures.add(pool.submit(() -> {
                for (int c = first; c < columns.length; c += workers) {
                    ColumnProfiler column = columns[c];
                    for (Object[] row : batch) {
                        column.accept(c < row.length ? row[c] : null);
                    }
                }
            }));
        }
        return futures;
    }

    private static void await(List<Future<?>> futures) throws IOException {
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while profiling");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    public record Result(long rows, List<ColumnProfile> columns) {
    }
}
