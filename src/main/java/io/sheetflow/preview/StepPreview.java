package io.sheetflow.preview;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * One step's preview. {@code output} is {@code table} (columns, typed rows as the files' rows endpoint), {@code
 * text} (the first lines of a SQL or JSON output, at most the configured excerpt) or {@code none} (the step only
 * answers a result; the next step reads the same input).
 */
public record StepPreview(int index, String operation, String output, @Nullable String outputFilename,
                          @Nullable List<String> columns, @Nullable Map<String, String> columnTypes,
                          @Nullable List<List<Object>> rows, @Nullable String text, boolean textTruncated,
                          Map<String, Object> result, PreviewSummary summary) {
}
