package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sheetflow.aws.SqsRunWorker;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;

/**
 * The worker Lambda: workflow runs from the SQS run queue (event source with {@code reportBatchItemFailures}).
 * Handler: {@code io.sheetflow.lambda.WorkerFunction::handleRequest} (what infra deploys) or the class name alone.
 */
public class WorkerFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
    /** A claimed run is held this much longer than the invocation may still run. */
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);

    @Inject
    SqsRunWorker worker;

    public WorkerFunction() {
    }

    /** For tests and benchmarks: a started (or startable) context with the {@code lambda} environment. */
    public WorkerFunction(ApplicationContext context) {
        super(context);
    }

    /** The event as the runtime client passes it for {@code ::handleRequest} (a Map): see {@link LambdaEvents}. */
    @Override
    protected SQSEvent convertInput(Object input) {
        return LambdaEvents.convert(input, SQSEvent.class);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        try {
            return worker.handle(event, lease());
        } finally {
            RelayFlush.beforeReturning(applicationContext, applicationContext.findBean(Context.class).orElse(null));
        }
    }

    /**
     * No run outlives its invocation (Lambda stops it at the timeout): the lease is the remaining time plus a
     * margin. Without an invocation context the executor's {@code sheetflow.runs.lease} applies.
     */
    private Optional<Duration> lease() {
        return applicationContext.findBean(Context.class)
                .filter(c -> c.getRemainingTimeInMillis() > 0)
                .map(c -> Duration.ofMillis(c.getRemainingTimeInMillis()).plus(LEASE_MARGIN));
    }
}
