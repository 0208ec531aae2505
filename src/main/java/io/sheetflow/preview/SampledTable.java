package io.sheetflow.preview;

import io.sheetflow.file.FilePreview;
import io.sheetflow.sheet.ColumnTypeInference;
import io.sheetflow.sheet.TableReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The first {@code rows} of a table held in memory (at most the preview's row count), with the number of rows the
 * table has ({@code totalRows}, counted to the end) and the sheet it came from.
 */
record SampledTable(List<String> columns, List<Object[]> rows, long totalRows, String sheetName) {

    /** Keeps the first {@code keep} rows of {@code reader} and counts the rest. */
    static SampledTable read(TableReader reader, int keep) throws IOException {
        List<Object[]> rows = new ArrayList<>(Math.min(keep, 1000));
        Object[] row;
        while ((row = reader.nextRow()) != null) {
            if (rows.size() < keep) {
                rows.add(row);
            }
        }
        return new SampledTable(reader.header(), rows, reader.rowsRead(), reader.sheetName());
    }

    /** Cells as JSON values, the same encoding as the files' rows endpoint. */
    List<List<Object>> jsonRows() {
        return rows.stream().map(r -> Arrays.stream(r).map(FilePreview::jsonCell).toList()).toList();
    }

    Map<String, String> columnTypes() {
        ColumnTypeInference types = new ColumnTypeInference(columns.size());
        rows.forEach(types::accept);
        return types.typeNamesByColumn(columns);
    }
}
