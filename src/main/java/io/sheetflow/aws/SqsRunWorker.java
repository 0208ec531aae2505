package io.sheetflow.aws;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sheetflow.assistant.chat.AssistantWorker;
import io.sheetflow.workflow.AbandonedRuns;
import io.sheetflow.workflow.RunExecutor;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowRunRepository;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Executes the runs of a batch of run queue messages, and writes the assistant replies they name (see
 * {@link AssistantWorker#writeInTurn}: a reply another worker is already writing its conversation's turn for is
 * left to it, which is what keeps one reply at a time per conversation). Each run is claimed atomically before it executes, so a
 * message delivered twice runs once. Only records that failed for a reason worth retrying (the database could
 * not be reached to claim the run) are reported back to SQS, after their visibility is set to a short delay so
 * SQS delivers them again soon; a malformed message is logged and dropped. A run
 * found still running with its lease expired lost its worker (timeout, crash): it is failed, not run again,
 * because its partial outputs and events are already out and what killed the worker would likely kill it again.
 */
@Singleton
@Requires(env = "lambda")
public class SqsRunWorker {
    private static final Logger LOG = LoggerFactory.getLogger(SqsRunWorker.class);

    private final WorkflowRunRepository runs;
    private final RunExecutor executor;
    private final AbandonedRuns abandoned;
    private final LambdaHousekeeping housekeeping;
    private final ObjectMapper mapper;
    private final AssistantWorker replies;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration retryDelay;

    /**
     * @param retryDelay how soon SQS delivers a record again after a transient failure
     *                   ({@code sheetflow.runs.retry-delay}, default 5 s): its visibility is set to this before it
     *                   is reported, instead of the queue's visibility timeout (90 minutes by default)
     */
    public SqsRunWorker(WorkflowRunRepository runs, RunExecutor executor, AbandonedRuns abandoned,
                        LambdaHousekeeping housekeeping, ObjectMapper mapper, AssistantWorker replies, SqsClient sqs,
                        @Value("${sheetflow.runs.queue-url}") String queueUrl,
                        @Value("${sheetflow.runs.retry-delay:5s}") Duration retryDelay) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.retryDelay = retryDelay;
        this.runs = runs;
        this.executor = executor;
        this.abandoned = abandoned;
        this.housekeeping = housekeeping;
        this.mapper = mapper;
        this.replies = replies;
    }

    /**
     * @param lease how long a claimed run is held: it must outlast this invocation (empty: the executor's default)
     * @return the records to retry
     */
    public SQSBatchResponse handle(SQSEvent event, Optional<Duration> lease) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            Optional<WorkerMessage> message = WorkerMessage.parse(record.getBody(), mapper);
            if (message.isEmpty()) {
                LOG.error("Dropping malformed run queue message {} (expected {\"run_id\": \"<uuid>\"} or an"
                        + " assistant_reply): {}", record.getMessageId(), abbreviate(record.getBody()));
                continue;
            }
            try {
                if (message.get() instanceof RunMessage run) {
                    process(run.runId(), lease);
                } else if (message.get() instanceof ReplyMessage reply) {
                    replies.writeInTurn(reply.chatId());
                }
            } catch (RuntimeException e) {
                LOG.error("Message {} ({}) could not be processed; SQS will deliver it again", record.getMessageId(),
                        message.get(), e);
                retrySoon(record);
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        housekeeping.sweepIfDue();
        return new SQSBatchResponse(failures);
    }

    /** Makes the record visible again after {@link #retryDelay}; if that fails, the queue's timeout applies. */
    private void retrySoon(SQSEvent.SQSMessage record) {
        if (record.getReceiptHandle() == null || record.getReceiptHandle().isBlank()) {
            return;
        }
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(record.getReceiptHandle())
                    .visibilityTimeout((int) Math.min(43_200, Math.max(0, retryDelay.toSeconds()))));
        } catch (RuntimeException e) {
            LOG.warn("Could not shorten the visibility of message {}; SQS delivers it after the queue's visibility timeout",
                    record.getMessageId(), e);
        }
    }

    private void process(UUID runId, Optional<Duration> lease) {
        WorkflowRun run = runs.findById(runId).orElse(null);
        if (run == null) {
            LOG.info("Run {} no longer exists (its conversation was deleted); message dropped", runId);
            return;
        }
        switch (run.status()) {
            case QUEUED -> {
                boolean claimed = lease.map(l -> executor.execute(runId, l)).orElseGet(() -> executor.execute(runId));
                if (!claimed) {
                    LOG.info("Run {} was claimed elsewhere or cancelled before it started", runId);
                }
            }
            case RUNNING -> {
                if (abandoned.failIfLeaseExpired(runId, Instant.now())) {
                    LOG.warn("Run {} was still running with its lease expired: its worker stopped; marked failed", runId);
                } else {
                    LOG.info("Run {} is being executed by another worker (a duplicate delivery); message dropped", runId);
                }
            }
            default -> LOG.info("Run {} already ended ({}); message dropped", runId, run.status().value());
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "null";
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
