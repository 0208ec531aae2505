package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackgroundTableWriterTest {

    /** Collects what it is given; fails at a chosen row. */
    private static final class CollectingWriter implements TableWriter {
        private final long failAtRow;
        private final List<Object[]> rows = new ArrayList<>();
        private List<String> header;
        private volatile boolean closed;

        CollectingWriter(long failAtRow) {
            this.failAtRow = failAtRow;
        }

        @Override
        public void header(List<String> columnNames) {
            header = columnNames;
        }

        @Override
        public void row(Object[] cells) {
            if (rows.size() + 1 == failAtRow) {
                throw new OperationFailedException("row " + failAtRow + " is bad");
            }
            rows.add(cells);
        }

        @Override
        public long rowsWritten() {
            return rows.size();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void rows_reachTheTargetInOrderBeforeCloseReturns() throws Exception {
        CollectingWriter target = new CollectingWriter(-1);
        try (BackgroundTableWriter writer = new BackgroundTableWriter(target)) {
            writer.header(List.of("n"));
            for (long i = 0; i < 2_345; i++) {
                writer.row(new Object[] {i});
            }
            assertEquals(2_345, writer.rowsWritten());
        }

        assertTrue(target.closed);
        assertEquals(List.of("n"), target.header);
        assertEquals(2_345, target.rows.size());
        for (int i = 0; i < target.rows.size(); i++) {
            assertEquals((long) i, target.rows.get(i)[0]);
        }
    }

    @Test
    void targetFailure_surfacesToTheCaller() {
        CollectingWriter target = new CollectingWriter(10);

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> {
            try (BackgroundTableWriter writer = new BackgroundTableWriter(target)) {
                writer.header(List.of("n"));
                for (long i = 0; i < 100_000; i++) {
                    writer.row(new Object[] {i});
                }
            }
        });

        assertEquals("row 10 is bad", failure.getMessage());
        assertTrue(target.closed);
    }

    @Test
    void callerFailure_stillFinishesTheFile() {
        CollectingWriter target = new CollectingWriter(-1);
        IOException readFailure = new IOException("input broke");

        IOException thrown = assertThrows(IOException.class, () -> {
            try (BackgroundTableWriter writer = new BackgroundTableWriter(target)) {
                writer.header(List.of("n"));
                writer.row(new Object[] {1L});
                throw readFailure;
            }
        });

        assertSame(readFailure, thrown);
        assertTrue(target.closed);
        assertEquals(1, target.rows.size());
    }

    @Test
    void closingBeforeTheHeader_closesTheTarget() throws Exception {
        CollectingWriter target = new CollectingWriter(-1);

        new BackgroundTableWriter(target).close();

        assertTrue(target.closed);
    }
}
