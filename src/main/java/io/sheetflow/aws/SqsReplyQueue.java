package io.sheetflow.aws;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sheetflow.assistant.chat.AssistantWorker;
import io.sheetflow.assistant.chat.ReplyQueue;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.Message;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Assistant replies on Lambda: the HTTP function answers 202 once the message is stored, and the reply is written
 * by the worker function, which gets a {@link ReplyMessage} on the run queue; so no model call is cut by API
 * Gateway's 29 s or frozen with the HTTP function after its response.
 */
@Singleton
@Requires(env = "lambda")
public class SqsReplyQueue implements ReplyQueue {
    static final String NOT_QUEUED = "I could not start on that (the queue is unavailable); please send your message again.";
    private static final Logger LOG = LoggerFactory.getLogger(SqsReplyQueue.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final AssistantWorker worker;

    public SqsReplyQueue(SqsClient sqs, @Value("${sheetflow.runs.queue-url}") String queueUrl, AssistantWorker worker) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.worker = worker;
    }

    @Override
    public void submit(Conversation conversation, Message reply) {
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(new ReplyMessage(conversation.id(), reply.id()).toJson()));
        } catch (SdkException e) {
            LOG.error("Assistant reply {} could not be sent to the run queue", reply.id(), e);
            worker.fail(conversation, reply, NOT_QUEUED);
        }
    }
}
