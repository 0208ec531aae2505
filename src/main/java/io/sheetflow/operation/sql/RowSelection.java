package io.sheetflow.operation.sql;

import io.sheetflow.operation.ColumnIndexes;
import io.sheetflow.operation.excel.DistinctRows;

import java.util.List;

/**
 * Pycelize's {@code columns} pre-selection and {@code remove_duplicates}: the data seen by the mapping is the
 * selected columns (all of them when none are selected); repeated rows of that data can be skipped.
 */
final class RowSelection {

    private final List<String> available;
    private final int[] selected;
    private final DistinctRows distinct;
    private final Object[] projection;

    /**
     * @param columns the pre-selection, empty for all columns
     * @throws io.sheetflow.operation.OperationFailedException "Columns not found: a, b"
     */
    RowSelection(List<String> header, List<String> columns, boolean removeDuplicates) {
        if (columns.isEmpty()) {
            available = header;
            selected = null;
        } else {
            selected = ColumnIndexes.require(header, columns, "Columns not found: ");
            available = columns;
        }
        distinct = removeDuplicates ? new DistinctRows() : null;
        projection = selected == null ? null : new Object[selected.length];
    }

    /** The columns the mapping may use. */
    List<String> available() {
        return available;
    }

    /** False for a row repeating an earlier one (of the selected columns) when duplicates are removed. */
    boolean keep(Object[] row) {
        if (distinct == null) {
            return true;
        }
        if (selected == null) {
            return distinct.firstSeen(row);
        }
        for (int i = 0; i < selected.length; i++) {
            projection[i] = row[selected[i]];
        }
        return distinct.firstSeen(projection);
    }
}
