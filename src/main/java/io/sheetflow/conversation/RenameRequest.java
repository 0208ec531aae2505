package io.sheetflow.conversation;

import io.micronaut.core.annotation.Nullable;

public record RenameRequest(@Nullable String title) {
}
