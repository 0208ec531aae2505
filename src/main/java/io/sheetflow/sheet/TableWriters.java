package io.sheetflow.sheet;

import java.io.IOException;
import java.nio.file.Path;

/** Creates the right {@link TableWriter} for an output format. */
public final class TableWriters {

    private TableWriters() {
    }

    /**
     * @param format  {@link SheetFormat#XLSX}, {@link SheetFormat#CSV} or {@link SheetFormat#JSON} (compact; use
     *                {@link JsonTableWriter} directly for pretty printing)
     * @param options sheet name and Info sheet (xlsx only); null for defaults
     */
    public static TableWriter create(Path file, SheetFormat format, WriteOptions options) throws IOException {
        WriteOptions effective = options == null ? WriteOptions.plain() : options;
        return switch (format) {
            case XLSX -> new XlsxTableWriter(file, effective);
            case CSV -> new CsvTableWriter(file, options == null || options.neutraliseFormulas());
            case JSON -> new JsonTableWriter(file, false);
            default -> throw new IllegalArgumentException("No table writer for " + format);
        };
    }
}
