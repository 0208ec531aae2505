package io.sheetflow.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum MessageType {
    USER, SYSTEM, FILE_UPLOAD, STEP_RESULT, ERROR, PROGRESS, ASSISTANT;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
