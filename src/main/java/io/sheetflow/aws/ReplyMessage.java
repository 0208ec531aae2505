package io.sheetflow.aws;

import java.util.UUID;

/**
 * An assistant reply to write: {@code {"type": "assistant_reply", "chat_id", "reply_id"}}. The worker writes the
 * conversation's queued replies in turn, which includes this one unless another worker already does.
 */
public record ReplyMessage(UUID chatId, UUID replyId) implements WorkerMessage {
    static final String TYPE = "assistant_reply";

    @Override
    public String toJson() {
        return "{\"type\":\"" + TYPE + "\",\"chat_id\":\"" + chatId + "\",\"reply_id\":\"" + replyId + "\"}";
    }
}
