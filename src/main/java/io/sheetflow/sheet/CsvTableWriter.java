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
 * Text cells that would run as formulas are neutralised unless the options say otherwise.
 */
final class CsvTableWriter implements TableWriter {

    private final CsvWriter csv;
    private String[] fields = new String[0];
    private long rowsWritten;

    private final boolean neutraliseFormulas;

    CsvTableWriter(Path file, boolean neutraliseFormulas) throws IOException {
        this.neutraliseFormulas = neutraliseFormulas;
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
            String text = CellText.of(cells[i]);
            fields[i] = neutraliseFormulas && cells[i] instanceof String ? neutralise(text) : text;
        }
        csv.writeRecord(fields);
        rowsWritten++;
    }

    /** OWASP's CSV injection advice: text a spreadsheet would evaluate gets a leading single quote. */
    static String neutralise(String text) {
        if (!text.isEmpty()) {
            char first = text.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
                return "'" + text;
            }
        }
        return text;
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
