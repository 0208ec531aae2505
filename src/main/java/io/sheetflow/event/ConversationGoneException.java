package io.sheetflow.event;

import java.util.UUID;

/** The conversation was deleted while something was still being recorded for it. */
public class ConversationGoneException extends RuntimeException {
    public ConversationGoneException(UUID chatId) {
        super("Conversation " + chatId + " no longer exists", null, false, false);
    }
}
