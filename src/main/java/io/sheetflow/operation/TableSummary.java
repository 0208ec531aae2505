package io.sheetflow.operation;

import io.sheetflow.sheet.ColumnTypeInference;
import io.sheetflow.sheet.TableReader;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What the info operations report about a table, from one streaming pass over it.
 *
 * @param rows        data rows
 * @param columnNames the header
 * @param dataTypes   column name to type name ({@code integer}, {@code text}, ...), in header order
 */
public record TableSummary(long rows, List<String> columnNames, Map<String, String> dataTypes) {

    /** Reads every row of {@code reader}, reporting progress (and so checking cancellation) as it goes. */
    public static TableSummary scan(TableReader reader, ProgressReporter progress) throws IOException {
        List<String> header = reader.header();
        ColumnTypeInference types = new ColumnTypeInference(header.size());
        RowProgress rowProgress = new RowProgress(progress, reader);
        long rows = 0;
        for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
            types.accept(row);
            rowProgress.rowDone(++rows);
        }
        rowProgress.finished(rows);
        return new TableSummary(rows, header, types.typeNamesByColumn(header));
    }
}
