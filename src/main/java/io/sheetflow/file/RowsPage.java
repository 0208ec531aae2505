package io.sheetflow.file;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A page of a table's rows. Cells are JSON values (numbers, booleans, ISO-8601 dates as text, null when empty),
 * each row aligned with {@code columns}; {@code column_types} are inferred from the rows of this page.
 * {@code total_rows} is known once the page reaches the end of the table (null before);
 * {@code estimated_total_rows} is then the same, else the file's own count or an estimate (null when unknown).
 */
public record RowsPage(
        UUID fileId,
        String filename,
        String format,
        @Nullable String sheetName,
        List<String> sheetNames,
        List<String> columns,
        Map<String, String> columnTypes,
        long offset,
        int limit,
        List<List<Object>> rows,
        int rowsReturned,
        boolean hasMore,
        @Nullable Long totalRows,
        @Nullable Long estimatedTotalRows) {
}
