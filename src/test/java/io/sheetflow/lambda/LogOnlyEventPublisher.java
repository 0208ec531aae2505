package io.sheetflow.lambda;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.sheetflow.event.EventPublisher;
import io.sheetflow.event.StoredEvent;
import jakarta.inject.Singleton;

/**
 * Test stand-in for the Lambda event publisher (API Gateway PostToConnection in production): events still go to
 * the event log, which the REST contract reads; live delivery is not part of the HTTP function's contract.
 */
@Singleton
@Requires(env = "lambda")
@Requires(property = LambdaStandIns.PROPERTY, value = "true")
@Replaces(EventPublisher.class)
public class LogOnlyEventPublisher implements EventPublisher {
    @Override
    public void deliver(StoredEvent event, String owner) {
        // logged already; nobody to deliver to in-process
    }
}
