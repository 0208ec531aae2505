package io.sheetflow.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * What a planner keeps between a question and its answer: the intent it recognised, the input file and the
 * steps it could already fill, and what is missing. Stored as JSON in the database with the question, so a
 * restart (or another Lambda environment) continues where the conversation left off. {@code slots} is the
 * planner's own scratch state (e.g. the sentence so far); other components must not interpret it.
 */
public record PendingPlan(String intent, @Nullable String inputFileId, List<PlannedStep> steps,
                          String missing, @Nullable ObjectNode slots) {
    public PendingPlan {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
