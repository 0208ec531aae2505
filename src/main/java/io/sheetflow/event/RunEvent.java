package io.sheetflow.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * The events of a workflow run, one record per event type: the run part of the live protocol. Fields are
 * written as they are named here in snake_case, nulls included, in this order.
 */
public sealed interface RunEvent extends EventPayload {

    /** The run was accepted; {@code queue_position} is 1-based among all runs waiting to start. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Queued(@Nullable Integer queuePosition, int totalSteps, String inputFileId, String message) implements RunEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.WORKFLOW_QUEUED;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Started(int totalSteps, String message) implements RunEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.WORKFLOW_STARTED;
        }
    }

    /**
     * A step started ({@code progress} 0, status {@code running}), progressed, completed (100), failed or was
     * cancelled (then {@code progress} is null). Row counts are null when unknown.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"step_id", "step_index", "operation", "progress", "status", "message", "rows_done", "rows_total"})
    record Progress(String stepId, int stepIndex, String operation, @Nullable Integer progress, String status,
                    String message, @Nullable Long rowsDone, @Nullable Long rowsTotal) implements RunEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.PROGRESS;
        }
    }

    /** A completed step's result data and the files it stored (as the file endpoints describe them). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StepResult(String stepId, int stepIndex, String operation, Map<String, Object> result,
                      List<Map<String, Object>> outputFiles) implements RunEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.STEP_RESULT;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Completed(int totalSteps, int outputFilesCount, String message) implements RunEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.WORKFLOW_COMPLETED;
        }
    }

    /** {@code step_index} is absent when the run failed outside a step (its worker was lost, the server stopped). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"step_index", "error", "message"})
    record Failed(@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer stepIndex, String error, String message)
            implements RunEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.WORKFLOW_FAILED;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Cancelled(int stepIndex, String message) implements RunEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.WORKFLOW_CANCELLED;
        }
    }
}
