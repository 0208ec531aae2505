package io.sheetflow.assistant.chat;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.Message;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.conversation.MessageState;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * At start-up: replies a stopped server was still writing end with an error saying so (the user's message is
 * kept; sending it again plans it again). Suggestions and questions need nothing: they are rows. The conversations
 * and the reply writer (planners, LLM clients, threads) are created only when there is a reply to end.
 */
@Singleton
@Requires(notEnv = "lambda")
public class AssistantRecovery {
    static final String INTERRUPTED = "The server stopped while I was answering; please send your message again.";
    private static final Logger LOG = LoggerFactory.getLogger(AssistantRecovery.class);

    private final MessageRepository messages;
    private final BeanProvider<ConversationRepository> conversations;
    private final BeanProvider<AssistantReplies> replies;

    public AssistantRecovery(MessageRepository messages, BeanProvider<ConversationRepository> conversations,
                             BeanProvider<AssistantReplies> replies) {
        this.messages = messages;
        this.conversations = conversations;
        this.replies = replies;
    }

    @EventListener
    public void onStartup(StartupEvent event) {
        List<Message> unfinished = messages.findByStateInOrderByCreatedAt(
                List.of(MessageState.QUEUED, MessageState.PROCESSING, MessageState.STREAMING));
        for (Message reply : unfinished) {
            conversations.get().findById(reply.conversationId())
                    .ifPresent(c -> replies.get().failed(c, reply, INTERRUPTED));
        }
        if (!unfinished.isEmpty()) {
            LOG.info("Ended {} assistant replies interrupted by the last stop", unfinished.size());
        }
    }
}
