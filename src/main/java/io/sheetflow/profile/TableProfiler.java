package io.sheetflow.profile;

import io.sheetflow.sheet.TableReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Profiles every column of a table in one streaming pass: memory is per column, never per row. */
public final class TableProfiler {

    /** The default number of distinct values each column counts exactly for its top values. */
    public static final int DEFAULT_TRACKED_VALUES = 20_000;

    private TableProfiler() {
    }

    /** The row count and column profiles of what {@code reader} has left to read. */
    public static Result profile(TableReader reader, int trackedValues) throws IOException {
        List<String> header = reader.header();
        ColumnProfiler[] columns = new ColumnProfiler[header.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new ColumnProfiler(header.get(c), trackedValues);
        }
        long rows = 0;
        for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
            rows++;
            for (int c = 0; c < columns.length; c++) {
                columns[c].accept(c < row.length ? row[c] : null);
            }
        }
        List<ColumnProfile> profiles = new ArrayList<>(columns.length);
        for (ColumnProfiler column : columns) {
            profiles.add(column.finish());
        }
        return new Result(rows, profiles);
    }

    public record Result(long rows, List<ColumnProfile> columns) {
    }
}
