package io.sheetflow.aws;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.sheetflow.api.ApiException;
import io.sheetflow.workflow.AbandonedRuns;
import io.sheetflow.workflow.DatabaseQueueFigures;
import io.sheetflow.workflow.RunQueue;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Optional;
import java.util.UUID;

/**
 * The run queue on AWS: one SQS message {@code {"run_id"}} per run, consumed by the worker function. The
 * database stays the source of truth: positions and counts come from it, and a cancelled run stays in the
 * queue as a message the worker skips (its claim finds the run no longer queued).
 */
@Singleton
@Requires(env = "lambda")
public class SqsRunQueue implements RunQueue {
    static final String NOT_QUEUED = "The run could not be handed to a worker (the run queue is unavailable); run the workflow again";
    private static final Logger LOG = LoggerFactory.getLogger(SqsRunQueue.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final DatabaseQueueFigures figures;
    private final AbandonedRuns abandoned;
    private final int maxConcurrent;

    public SqsRunQueue(SqsClient sqs, @Value("${sheetflow.runs.queue-url}") String queueUrl, DatabaseQueueFigures figures,
                       AbandonedRuns abandoned, @Value("${sheetflow.runs.max-concurrent:2}") int maxConcurrent) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.figures = figures;
        this.abandoned = abandoned;
        this.maxConcurrent = maxConcurrent;
    }

    /** @throws ApiException 503 when the message could not be sent (the run is then failed, not left queued) */
    @Override
    public Optional<Integer> submit(UUID runId) {
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(new RunMessage(runId).toJson()));
        } catch (SdkException e) {
            LOG.error("Run {} could not be sent to the run queue", runId, e);
            abandoned.failQueued(runId, NOT_QUEUED);
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
                    "The run queue is unavailable; try again", null);
        }
        return position(runId);
    }

    @Override
    public Optional<Integer> position(UUID runId) {
        return figures.position(runId);
    }

    /** The message cannot be taken back; the caller marks the run cancelled and the worker skips it. */
    @Override
    public boolean remove(UUID runId) {
        return false;
    }

    @Override
    public QueueStats stats() {
        return figures.stats(maxConcurrent);
    }
}
