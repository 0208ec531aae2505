package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Streams a typed table into an .xlsx sheet with fastexcel, plus the optional {@code Info} sheet.
 *
 * <p>Why fastexcel rather than POI's SXSSF: SXSSF first writes every row to a temporary XML file (as large as the
 * sheet) and copies it into the zip at the end; fastexcel writes rows straight into the zip stream. Writing the
 * 100k x 10 benchmark workload warm, fastexcel took 1.3 s and SXSSF 2.3 s, and both ran in a 40 MB heap
 * ({@code WriterComparisonBenchmark} in the test sources).
 *
 * <p>fastexcel writes a sheet's column widths before its first row, at the first flush, so widths come from
 * the header and the first {@link #WIDTH_SAMPLE_ROWS} rows, buffered before that flush; afterwards rows are
 * flushed every {@link #FLUSH_EVERY_ROWS} so memory stays flat.
 */
final class XlsxTableWriter implements TableWriter {

    static final int MAX_DATA_ROWS = 1_048_575;
    static final int MAX_CELL_TEXT = 32_767;
    static final int WIDTH_SAMPLE_ROWS = 10_000;
    static final int FLUSH_EVERY_ROWS = 1_000;
    static final int MAX_COLUMN_WIDTH = 50;
    static final String DATE_FORMAT = "yyyy-mm-dd";
    static final String DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss";
    private static final DateTimeFormatter CREATED_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /**
     * Deflate level 4 instead of the default 6: on the 1M x 10 benchmark level 6 gave 62.5 MB for about 15.6 s of
     * CPU, level 4 65.6 MB for 10.3 s, level 1 75.6 MB for 8.8 s.
     */
    private static final int COMPRESSION_LEVEL = 4;
    /** Excel's serial dates start in 1900; earlier dates are written as ISO text. */
    private static final LocalDate FIRST_EXCEL_DATE = LocalDate.of(1900, 1, 1);

    private final OutputStream out;
    private final Workbook workbook;
    private final Worksheet sheet;
    private final WriteOptions options;
    private final int maxDataRows;
    private List<String> header = List.of();
    private ColumnWidths widths = new ColumnWidths();
    private long rowsWritten;
    private boolean closed;

    XlsxTableWriter(Path file, WriteOptions options) throws IOException {
        this(file, options, MAX_DATA_ROWS);
    }

    /** {@code maxDataRows} is lowered only by tests, to check the limit without writing a million rows. */
    XlsxTableWriter(Path file, WriteOptions options, int maxDataRows) throws IOException {
        String problem = options.includeInfoSheet() ? ExcelSheetNames.problemBesideInfoSheet(options.sheetName())
                : ExcelSheetNames.problem(options.sheetName());
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": " + options.sheetName());
        }
        this.options = options;
        this.maxDataRows = maxDataRows;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        this.workbook = new Workbook(out, "Sheetflow", "1.0");
        this.workbook.setCompressionLevel(COMPRESSION_LEVEL);
        this.sheet = workbook.newWorksheet(options.sheetName());
    }

    @Override
    public void header(List<String> columnNames) {
        header = List.copyOf(columnNames);
        for (int c = 0; c < header.size(); c++) {
            sheet.inlineString(0, c, header.get(c));
            widths.measure(c, header.get(c));
        }
    }

    @Override
    public void row(Object[] cells) throws IOException {
        if (rowsWritten >= maxDataRows) {
            throw new OperationFailedException(String.format(Locale.ROOT,
                    "The result has more than %,d data rows, the maximum an .xlsx sheet can hold", maxDataRows));
        }
        int r = (int) rowsWritten + 1;
        for (int c = 0; c < cells.length; c++) {
            writeCell(sheet, r, c, cells[c]);
        }
        rowsWritten++;
        if (widths != null) {
            for (int c = 0; c < cells.length; c++) {
                widths.measure(c, cells[c]);
            }
            if (rowsWritten == WIDTH_SAMPLE_ROWS) {
                applyWidths();
                sheet.flush();
            }
        } else if (rowsWritten % FLUSH_EVERY_ROWS == 0) {
            sheet.flush();
        }
    }

    @Override
    public long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            if (widths != null) {
                applyWidths();
            }
            sheet.finish();
            if (options.includeInfoSheet()) {
                writeInfoSheet();
            }
            workbook.finish();
        }
    }

    private void applyWidths() {
        widths.applyTo(sheet);
        widths = null;
    }

    /** Pycelize's Info sheet: what the file is, when it was made, its size and its columns. */
    private void writeInfoSheet() throws IOException {
        Worksheet info = workbook.newWorksheet(ExcelSheetNames.INFO_SHEET);
        Object[][] rows = {
                {"Property", "Value"},
                {"File", options.sourceName()},
                {"Created", LocalDateTime.now(ZoneOffset.UTC).format(CREATED_FORMAT)},
                {"Rows", rowsWritten},
                {"Columns", (long) header.size()},
                {"Column Names", String.join(", ", header)},
        };
        ColumnWidths infoWidths = new ColumnWidths();
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                writeCell(info, r, c, rows[r][c]);
                infoWidths.measure(c, rows[r][c]);
            }
        }
        infoWidths.applyTo(info);
        info.finish();
    }

    private static void writeCell(Worksheet target, int r, int c, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String text) {
            writeText(target, r, c, text);
        } else if (value instanceof Double number && (number.isNaN() || number.isInfinite())) {
            writeText(target, r, c, number.toString());
        } else if (value instanceof Number number) {
            target.value(r, c, number);
        } else if (value instanceof Boolean bool) {
            target.value(r, c, bool);
        } else if (value instanceof LocalDate date) {
            if (date.isBefore(FIRST_EXCEL_DATE)) {
                writeText(target, r, c, CellText.isoDate(date));
            } else {
                target.value(r, c, date);
                target.style(r, c).format(DATE_FORMAT).set();
            }
        } else if (value instanceof LocalDateTime dateTime) {
            if (dateTime.toLocalDate().isBefore(FIRST_EXCEL_DATE)) {
                writeText(target, r, c, CellText.isoDateTime(dateTime, ' '));
            } else {
                target.value(r, c, dateTime);
                target.style(r, c).format(DATE_TIME_FORMAT).set();
            }
        } else {
            writeText(target, r, c, value.toString());
        }
    }

    /**
     * Inline strings, not fastexcel's shared strings table: that table lives in memory until the end and would
     * grow with every distinct value of a million-row sheet.
     */
    private static void writeText(Worksheet target, int r, int c, String text) {
        if (text.length() > MAX_CELL_TEXT) {
            throw new OperationFailedException(String.format(Locale.ROOT, "A text value in row %d, column %d has"
                    + " %,d characters; an .xlsx cell holds at most %,d", r, c + 1, text.length(), MAX_CELL_TEXT));
        }
        target.inlineString(r, c, text);
    }

    /** Column widths = min(longest text + 2, 50), as Pycelize sets them. */
    private static final class ColumnWidths {
        private int[] longest = new int[16];

        void measure(int column, Object value) {
            if (value == null) {
                return;
            }
            int length = value instanceof String text ? text.length() : CellText.of(value).length();
            if (column >= longest.length) {
                longest = Arrays.copyOf(longest, Math.max(column + 1, longest.length * 2));
            }
            longest[column] = Math.max(longest[column], length);
        }

        void applyTo(Worksheet target) {
            for (int c = 0; c < longest.length; c++) {
                if (longest[c] > 0) {
                    target.width(c, Math.min(longest[c] + 2, MAX_COLUMN_WIDTH));
                }
            }
        }
    }
}
