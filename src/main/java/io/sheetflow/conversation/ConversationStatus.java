package io.sheetflow.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

public enum ConversationStatus {
    CREATED, ACTIVE, PROCESSING, COMPLETED, FAILED, ARCHIVED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConversationStatus> parse(String value) {
        for (ConversationStatus s : values()) {
            if (s.value().equalsIgnoreCase(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
