package io.sheetflow.assistant;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** One sheet (or the single table of a CSV, whose name is then null) with its columns and row count. */
public record SheetFacts(@Nullable String name, List<ColumnFacts> columns, long rows) {
    public SheetFacts {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
