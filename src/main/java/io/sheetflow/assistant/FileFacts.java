package io.sheetflow.assistant;

import java.time.Instant;
import java.util.List;

/**
 * A conversation's file as the planner sees it: never its content, only its name, where it came from
 * ({@code upload}, {@code output} or {@code intermediate}), its format ({@code csv}, {@code xlsx}, ...) and the
 * facts of its sheets. {@code createdAt} orders "the last output" and "the file I uploaded".
 */
public record FileFacts(String id, String name, String kind, String format, List<SheetFacts> sheets, Instant createdAt) {
    public FileFacts {
        sheets = sheets == null ? List.of() : List.copyOf(sheets);
    }
}
