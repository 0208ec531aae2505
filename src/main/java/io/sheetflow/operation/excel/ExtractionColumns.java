package io.sheetflow.operation.excel;

import io.sheetflow.operation.InvalidArgumentException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code columns} argument shared by the extraction operations: non-empty, no blanks, no repeats. */
final class ExtractionColumns {
    private ExtractionColumns() {
    }

    static void validate(List<String> columns) {
        if (columns.isEmpty()) {
            throw new InvalidArgumentException("columns", "No columns specified for extraction");
        }
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (column == null || column.isEmpty()) {
                throw new InvalidArgumentException("columns", "Column names must not be empty");
            }
            if (!seen.add(column)) {
                throw new InvalidArgumentException("columns", "Column '" + column + "' is listed more than once");
            }
        }
    }
}
