package io.sheetflow.assistant;

import io.sheetflow.sheet.CellText;
import io.sheetflow.sheet.ColumnTypeInference;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds a file's {@link FileFacts} with the engine's readers: per sheet its headers, the types inferred from
 * the first {@link #typedRows} rows, up to {@value #SAMPLES} distinct sample values per column and the row
 * count (every row is counted, only the first ones are looked at). Works without a server.
 */
@Singleton
public class FileFactsReader {

    public static final int SAMPLES = 3;
    public static final int DEFAULT_TYPED_ROWS = 1000;

    private final int typedRows;

    public FileFactsReader() {
        this(DEFAULT_TYPED_ROWS);
    }

    public FileFactsReader(int typedRows) {
        this.typedRows = typedRows;
    }

    /**
     * @param kind {@code upload}, {@code output} or {@code intermediate}
     * @throws io.sheetflow.operation.OperationFailedException when the file cannot be read as a table
     */
    public FileFacts read(Path file, String id, String name, String kind, Instant createdAt) throws IOException {
        SheetFormat format = SheetFormat.fromFileName(name).or(() -> SheetFormat.fromFileName(file.toString()))
                .orElse(SheetFormat.CSV);
        List<SheetFacts> sheets = new ArrayList<>();
        if (format == SheetFormat.CSV) {
            sheets.add(sheet(file, format, null));
        } else {
            List<String> names;
            try (TableReader first = TableReaders.open(file, format, ReadOptions.firstSheet())) {
                names = first.sheetNames();
            }
            for (String sheet : names) {
                sheets.add(sheet(file, format, sheet));
            }
        }
        return new FileFacts(id, name, kind, format.extension().toLowerCase(Locale.ROOT), sheets, createdAt);
    }

    private SheetFacts sheet(Path file, SheetFormat format, String sheetName) throws IOException {
        try (TableReader reader = TableReaders.open(file, format, ReadOptions.sheet(sheetName))) {
            List<String> header = reader.header();
            ColumnTypeInference types = new ColumnTypeInference(header.size());
            List<Set<String>> samples = new ArrayList<>();
            header.forEach(h -> samples.add(new LinkedHashSet<>()));
            long rows = 0;
            for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                if (rows < typedRows) {
                    types.accept(row);
                    for (int c = 0; c < Math.min(row.length, header.size()); c++) {
                        if (row[c] != null && samples.get(c).size() < SAMPLES) {
                            String text = CellText.of(row[c]);
                            if (!text.isEmpty()) {
                                samples.get(c).add(text);
                            }
                        }
                    }
                }
                rows++;
            }
            List<ColumnFacts> columns = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                columns.add(new ColumnFacts(header.get(c), types.type(c).jsonName(), List.copyOf(samples.get(c))));
            }
            return new SheetFacts(reader.sheetName(), columns, rows);
        }
    }
}
