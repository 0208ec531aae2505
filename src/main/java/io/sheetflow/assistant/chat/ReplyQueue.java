package io.sheetflow.assistant.chat;

import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.Message;

/**
 * Where a committed, queued assistant reply goes to be written: a pool of this process on a server
 * ({@link PooledReplyQueue}), the worker function through the run queue on Lambda ({@code aws/SqsReplyQueue}).
 * Either way the {@link AssistantWorker} writes it, one reply at a time per conversation and in order.
 */
public interface ReplyQueue {

    /** Hands the reply on; when it cannot be taken, the reply ends at once with an error saying so. */
    void submit(Conversation conversation, Message reply);
}
