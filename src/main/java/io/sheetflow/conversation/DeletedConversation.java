package io.sheetflow.conversation;

/** The answer to a conversation's deletion. */
public record DeletedConversation(String chatId) {
}
