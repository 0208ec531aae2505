package io.sheetflow.assistant;

import java.util.List;

/** One column as the assistant sees it: its header, its inferred type and at most a few sample values. */
public record ColumnFacts(String name, String type, List<String> samples) {
    public ColumnFacts {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }
}
