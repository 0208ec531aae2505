package io.sheetflow.sheet;

import java.io.IOException;
import java.util.List;

/** A streaming writer of one table; {@link #close()} finishes the file. Cells as in {@link TableReader}. */
public interface TableWriter extends AutoCloseable {

    /** Writes the header; call once, before the first row. */
    void header(List<String> columnNames) throws IOException;

    /** Writes one data row aligned with the header. */
    void row(Object[] cells) throws IOException;

    long rowsWritten();

    @Override
    void close() throws IOException;
}
