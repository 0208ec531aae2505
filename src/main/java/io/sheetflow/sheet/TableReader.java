package io.sheetflow.sheet;

import java.io.IOException;
import java.util.List;

/**
 * A forward-only reader of one table (a worksheet or a CSV file): a header and typed rows.
 * Cells are {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code LocalDate},
 * {@code LocalDateTime} or {@code null} for empty; each row is aligned with {@link #header()}.
 */
public interface TableReader extends AutoCloseable {

    /** Column names: unique (duplicates renamed {@code a.1}, {@code a.2}), empty ones {@code Unnamed: i}. */
    List<String> header();

    /**
     * The next data row, as long as the header; {@code null} at the end.
     *
     * @throws io.sheetflow.operation.OperationFailedException when the data cannot be read
     */
    Object[] nextRow() throws IOException;

    /** Data rows returned so far. */
    long rowsRead();

    /** Total data rows: exact when the file says, an estimate otherwise, a value below 1 when unknown. */
    long estimatedTotalRows();

    /** The worksheet read, {@code null} for CSV. */
    String sheetName();

    /** All worksheets of the workbook in order, empty for CSV. */
    List<String> sheetNames();

    @Override
    void close() throws IOException;
}
