package io.sheetflow.event;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.UUID;

/** An event waiting for its {@code seq}. */
public record EventDraft(UUID chatId, @Nullable UUID runId, String type, Map<String, ?> fields) {
}
