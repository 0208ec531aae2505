package io.sheetflow.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One step of a plan: an operation of the catalogue and its arguments, as a workflow step takes them. */
public record PlannedStep(String operation, ObjectNode arguments) {
}
