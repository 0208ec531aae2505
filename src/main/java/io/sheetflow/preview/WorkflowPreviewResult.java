package io.sheetflow.preview;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.UUID;

/**
 * A workflow run on the first {@code rowsSampled} rows of its input ({@code inputHasMore}: the file has more),
 * with each step's output and summary; {@code summary} is the last step's.
 */
public record WorkflowPreviewResult(UUID inputFileId, String inputFilename, @Nullable String sheetName,
                                    int rowsRequested, int rowsSampled, boolean inputHasMore,
                                    List<String> inputColumns, List<StepPreview> steps, PreviewSummary summary) {
}
