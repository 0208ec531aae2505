package io.sheetflow.conversation;

import io.sheetflow.api.ApiException;
import io.sheetflow.security.Caller;
import jakarta.inject.Singleton;

import java.util.UUID;

/** Looks up a conversation the caller may use; anything else (unknown, malformed or not theirs) is 404. */
@Singleton
public class ConversationAccess {
    private final ConversationRepository conversations;

    public ConversationAccess(ConversationRepository conversations) {
        this.conversations = conversations;
    }

    public Conversation require(Caller caller, String chatId) {
        return require(caller, parseId(chatId, "Conversation not found"));
    }

    public Conversation require(Caller caller, UUID chatId) {
        var found = caller.admin() ? conversations.findById(chatId) : conversations.findByIdAndOwner(chatId, caller.userId());
        return found.orElseThrow(() -> ApiException.notFound("Conversation not found"));
    }

    /** Ids in paths are UUIDs; a malformed one is simply not found. */
    public static UUID parseId(String raw, String notFoundMessage) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(notFoundMessage);
        }
    }
}
