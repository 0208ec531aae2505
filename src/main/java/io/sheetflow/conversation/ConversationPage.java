package io.sheetflow.conversation;

import java.util.List;

public record ConversationPage(List<ConversationSummary> conversations, int count, long total, int limit, long offset) {
}
