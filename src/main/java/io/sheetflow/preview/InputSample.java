package io.sheetflow.preview;

import io.sheetflow.api.ApiException;
import io.sheetflow.sheet.CellText;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streams the first rows of an input table into a small file of the same kind (CSV stays CSV, a workbook becomes
 * an .xlsx of the one sheet read), which the steps then read as they would the whole file. Reading stops after
 * the rows wanted (and one more, to tell whether the file has more); a row or a sample over the configured
 * sizes is refused with 413 before anything else happens.
 */
final class InputSample {

    /** The sample file, what it holds, and whether the input had more rows than sampled. */
    record Sample(Path file, SheetFormat format, SampledTable table, boolean hasMore) {
    }

    private InputSample() {
    }

    static Sample write(Path source, SheetFormat format, String displayName, String sheetName, int rows, Path target,
                        PreviewSettings limits) throws IOException {
        try (TableReader reader = TableReaders.open(source, format, sheetName == null ? null : ReadOptions.sheet(sheetName))) {
            List<Object[]> kept = new ArrayList<>(rows);
            long sampleChars = 0;
            Object[] row;
            while (kept.size() < rows && (row = reader.nextRow()) != null) {
                long rowChars = chars(row);
                if (rowChars > limits.maxRowChars()) {
                    throw ApiException.tooLarge(String.format(Locale.ROOT, "Row %,d of '%s' has %,d characters, more"
                                    + " than a preview reads in one row (%,d, sheetflow.preview.max-row-chars)",
                            kept.size() + 1, displayName, rowChars, limits.maxRowChars()));
                }
                sampleChars += rowChars;
                if (sampleChars > limits.maxSampleChars()) {
                    throw ApiException.tooLarge(String.format(Locale.ROOT, "The first %,d rows of '%s' have more than"
                                    + " %,d characters, more than a preview reads (sheetflow.preview.max-sample-chars);"
                                    + " preview fewer rows", kept.size() + 1, displayName, limits.maxSampleChars()));
                }
                kept.add(row);
            }
            boolean hasMore = kept.size() == rows && reader.nextRow() != null;
            SheetFormat sampleFormat = format == SheetFormat.CSV ? SheetFormat.CSV : SheetFormat.XLSX;
            // CSV cells are written back as read (no formula quoting), so the steps see the input's own values.
            WriteOptions options = sampleFormat == SheetFormat.CSV ? new WriteOptions(null, false, null, false)
                    : new WriteOptions(reader.sheetName(), false, null);
            Path file = target.resolveSibling(target.getFileName() + "." + sampleFormat.extension());
            try (TableWriter writer = TableWriters.create(file, sampleFormat, options)) {
                writer.header(reader.header());
                for (Object[] r : kept) {
                    writer.row(r);
                }
            }
            return new Sample(file, sampleFormat, new SampledTable(reader.header(), kept, kept.size(),
                    reader.sheetName()), hasMore);
        }
    }

    private static long chars(Object[] row) {
        long total = 0;
        for (Object cell : row) {
            total += CellText.of(cell).length();
        }
        return total;
    }
}
