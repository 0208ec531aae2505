package io.sheetflow.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The type-specific part of a logged event. Every event a client receives is
 * {@code {"type", "chat_id", "run_id", "seq", "timestamp"}} followed by its payload's fields (snake_case).
 */
public interface EventPayload {
    @JsonIgnore
    String type();
}
