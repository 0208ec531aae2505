package io.sheetflow.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum StepStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, SKIPPED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
