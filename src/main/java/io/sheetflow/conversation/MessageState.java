package io.sheetflow.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where an assistant reply is: queued, processing (planning), streaming (text arriving), complete or error. */
public enum MessageState {
    QUEUED, PROCESSING, STREAMING, COMPLETE, ERROR;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETE || this == ERROR;
    }
}
