package io.sheetflow.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Appends to a conversation's history, keeping its preview, message count and activity time current. */
@Singleton
public class MessageLog {
    private static final int PREVIEW_LENGTH = 280;
    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final ObjectMapper mapper;

    public MessageLog(MessageRepository messages, ConversationRepository conversations, ObjectMapper mapper) {
        this.messages = messages;
        this.conversations = conversations;
        this.mapper = mapper;
    }

    @Transactional
    public Message append(UUID conversationId, MessageType type, String content, Map<String, ?> metadata) {
        return append(conversationId, type, content, metadata, null, null, null);
    }

    /**
     * Appends with the assistant's fields. A message with empty content (a reply not written yet) leaves the
     * preview as it is. A repeated {@code clientMessageId} in the conversation fails on its unique constraint.
     */
    @Transactional
    public Message append(UUID conversationId, MessageType type, String content, Map<String, ?> metadata,
                          MessageState state, String clientMessageId, UUID replyTo) {
        Instant now = Instant.now();
        if (content.isEmpty()) {
            conversations.countMessage(conversationId, now);
        } else {
            conversations.recordMessage(conversationId, preview(content), now);
        }
        long number = conversations.findMessageCountById(conversationId);
        return messages.save(new Message(UUID.randomUUID(), conversationId, number, type, content,
                metadata == null || metadata.isEmpty() ? null : json(metadata), now, state, clientMessageId, replyTo));
    }

    public static String preview(String content) {
        String oneLine = content.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= PREVIEW_LENGTH ? oneLine : oneLine.substring(0, PREVIEW_LENGTH - 1) + "…";
    }

    private String json(Map<String, ?> metadata) {
        try {
            return mapper.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Message metadata is not serialisable", e);
        }
    }
}
