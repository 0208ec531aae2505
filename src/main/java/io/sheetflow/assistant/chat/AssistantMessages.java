package io.sheetflow.assistant.chat;

import io.micronaut.core.annotation.Nullable;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.Message;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.conversation.QueuePositions;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/**
 * Receives a user's message: validates it, records it with its queued reply (one transaction), then hands the
 * reply to the {@link ReplyQueue}. A repeated {@code client_message_id} is answered with what the first
 * one recorded: the unique constraint decides, so two concurrent repeats cannot both be recorded.
 */
@Singleton
public class AssistantMessages {
    public static final int MAX_TEXT = 4000;
    public static final int MAX_CLIENT_ID = 100;

    private final AssistantReplies replies;
    private final ReplyQueue queue;
    private final MessageRepository messages;

    public AssistantMessages(AssistantReplies replies, ReplyQueue queue, MessageRepository messages) {
        this.replies = replies;
        this.queue = queue;
        this.messages = messages;
    }

    /**
     * @param reply         as it is now (a repeat may find it written meanwhile)
     * @param queuePosition while the reply is queued, the replies of the conversation ahead of it; else null
     * @param repeated      true when the client's key had been seen: nothing new was recorded
     */
    public record Accepted(Message message, Message reply, @Nullable Integer queuePosition, boolean repeated) {
    }

    public Accepted post(Conversation conversation, @Nullable String text, @Nullable String clientMessageId) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw ApiException.invalid("text", "text is required: write what you want to do with your files");
        }
        if (body.length() > MAX_TEXT) {
            throw ApiException.invalid("text", "text must be at most " + MAX_TEXT + " characters, got " + body.length());
        }
        String key = clientMessageId == null || clientMessageId.isBlank() ? null : clientMessageId.strip();
        if (key != null && key.length() > MAX_CLIENT_ID) {
            throw ApiException.invalid("client_message_id", "client_message_id must be at most " + MAX_CLIENT_ID
                    + " characters");
        }
        if (key != null) {
            Optional<Accepted> seen = earlier(conversation, key);
            if (seen.isPresent()) {
                return seen.get();
            }
        }
        AssistantReplies.Received received;
        try {
            received = replies.received(conversation, body, key);
        } catch (RuntimeException e) {
            // A concurrent request with the same key committed first: its row won the unique constraint.
            Optional<Accepted> seen = key == null ? Optional.empty() : earlier(conversation, key);
            return seen.orElseThrow(() -> e);
        }
        queue.submit(conversation, received.reply());
        return new Accepted(received.message(), received.reply(), received.queuePosition(), false);
    }

    private Optional<Accepted> earlier(Conversation conversation, String key) {
        return messages.findByConversationIdAndClientMessageId(conversation.id(), key).map(message -> {
            Message reply = messages.findByReplyTo(message.id()).orElseThrow();
            Integer position = QueuePositions.of(List.of(reply), conversation.id(), messages).get(reply.id());
            return new Accepted(message, reply, position, true);
        });
    }
}
