package io.sheetflow.assistant.chat;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A suggestion waits for the user (pending) until it is confirmed, discarded, or replaced by a newer one. */
public enum SuggestionStatus {
    PENDING, CONFIRMED, DISCARDED, SUPERSEDED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
