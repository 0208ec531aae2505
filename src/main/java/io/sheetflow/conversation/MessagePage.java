package io.sheetflow.conversation;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** Messages oldest first; {@code next_before} pages further back (null when there is nothing older). */
public record MessagePage(List<MessageView> messages, @Nullable Long nextBefore) {
}
