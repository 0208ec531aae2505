package io.sheetflow.aws;

import java.util.UUID;

/** A run to execute: {@code {"run_id": "<uuid>"}} (a body without {@code type} is a run). */
public record RunMessage(UUID runId) implements WorkerMessage {
    static final String TYPE = "run";

    @Override
    public String toJson() {
        return "{\"run_id\":\"" + runId + "\"}";
    }
}
