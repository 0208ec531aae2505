package io.sheetflow.sheet;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes UTF-8 CSV (no BOM, {@code ,}, LF line ends) with FastCSV; cells as {@link CellText#of}: plain numbers,
 * ISO dates ({@code 2024-01-15}, {@code 2024-01-15 10:30:00}), {@code true}/{@code false}, empty for null.
 */
final class CsvTableWriter implements TableWriter {

    private final CsvWriter csv;
    private String[] fields = new String[0];
    private long rowsWritten;

    CsvTableWriter(Path file) throws IOException {
        csv = CsvWriter.builder()
                .fieldSeparator(',')
                .lineDelimiter(LineDelimiter.LF)
                .build(file, StandardCharsets.UTF_8);
    }

    @Override
    public void header(List<String> columnNames) {
        csv.writeRecord(columnNames);
        fields = new String[columnNames.size()];
    }

    @Override
    public void row(Object[] cells) {
        if (fields.length != cells.length) {
            fields = new String[cells.length];
        }
        for (int i = 0; i < cells.length; i++) {
            fields[i] = CellText.of(cells[i]);
        }
        csv.writeRecord(fields);
        rowsWritten++;
    }

    @Override
    public long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
