package io.sheetflow.preview;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * What one step did to the sample. {@code rowsOut}, the column lists and {@code cellsChanged} are null when the
 * step wrote no table; {@code cellsChanged} is also null when the step changed the number of rows (rows are then
 * not comparable one to one). {@code errorsByReason} counts the warnings and errors the step reported.
 */
public record PreviewSummary(long rowsIn, @Nullable Long rowsOut, @Nullable Long cellsChanged,
                             @Nullable List<String> columnsAdded, @Nullable List<String> columnsRemoved,
                             Map<String, Integer> errorsByReason) {
}
