package io.sheetflow.assistant;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** A user's message with the facts of the conversation's files and the pending plan, if a question is open. */
public record PlanRequest(String text, List<FileFacts> files, @Nullable PendingPlan pending) {
    public PlanRequest {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
