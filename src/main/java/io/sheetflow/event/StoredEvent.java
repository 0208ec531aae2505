package io.sheetflow.event;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/** One event of a conversation's log; {@code json} is exactly what clients receive. */
public record StoredEvent(UUID chatId, long seq, @Nullable UUID runId, String type, String json) {
}
