package io.sheetflow.event;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** One event of a conversation's log; {@code json} is exactly what clients receive. */
public record StoredEvent(UUID chatId, long seq, @Nullable UUID runId, String type, String json, byte[] utf8) {

    public StoredEvent(UUID chatId, long seq, UUID runId, String type, String json) {
        this(chatId, seq, runId, type, json, json.getBytes(StandardCharsets.UTF_8));
    }
}
