package io.sheetflow.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum RunStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
