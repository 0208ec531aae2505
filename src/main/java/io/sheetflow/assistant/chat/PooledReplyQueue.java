package io.sheetflow.assistant.chat;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.Message;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replies written off the request thread on a bounded pool of this process ({@code sheetflow.assistant.threads},
 * at most {@code sheetflow.assistant.max-pending} replies waiting), one reply at a time per conversation.
 */
@Singleton
@Requires(notEnv = "lambda")
public class PooledReplyQueue implements ReplyQueue {
    static final String BUSY = "I am too busy to answer right now; please send your message again in a moment.";
    private static final Logger LOG = LoggerFactory.getLogger(PooledReplyQueue.class);

    private final AssistantWorker worker;
    private final ThreadPoolExecutor pool;
    private final ConversationLanes lanes;

    public PooledReplyQueue(AssistantWorker worker, @Value("${sheetflow.assistant.threads:2}") int threads,
                            @Value("${sheetflow.assistant.max-pending:200}") int maxPending) {
        this.worker = worker;
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, maxPending)), r -> {
                    Thread t = new Thread(r, "assistant-" + number.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.lanes = new ConversationLanes(pool, maxPending);
    }

    /** When too many replies wait, the reply ends with an error at once. */
    @Override
    public void submit(Conversation conversation, Message reply) {
        try {
            lanes.submit(conversation.id(), () -> worker.write(reply.id()));
        } catch (RejectedExecutionException e) {
            LOG.warn("Assistant reply {} refused: {}", reply.id(), e.getMessage());
            worker.fail(conversation, reply, BUSY);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("Assistant replies still being written at stop are ended at the next start");
        }
    }
}
