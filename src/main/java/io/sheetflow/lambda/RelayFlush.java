package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.ApplicationContext;
import io.sheetflow.event.EventRelay;
import io.sheetflow.metrics.EmfPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The end of an invocation: Lambda may freeze the environment as soon as the handler returns, so the events
 * committed during the invocation are delivered first (bounded by the time the invocation has left), and its
 * metrics written out.
 */
final class RelayFlush {
    private static final Logger LOG = LoggerFactory.getLogger(RelayFlush.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final Duration MARGIN = Duration.ofMillis(500);

    private RelayFlush() {
    }

    static void beforeReturning(ApplicationContext context, Context invocation) {
        if (context == null || !context.isRunning()) {
            return;
        }
        Duration wait = MAX_WAIT;
        if (invocation != null && invocation.getRemainingTimeInMillis() > 0) {
            Duration left = Duration.ofMillis(invocation.getRemainingTimeInMillis()).minus(MARGIN);
            wait = left.isNegative() ? Duration.ZERO : (left.compareTo(MAX_WAIT) < 0 ? left : MAX_WAIT);
        }
        if (!context.getBean(EventRelay.class).flush(wait)) {
            LOG.warn("Live delivery of this invocation's events did not finish within {} ms; clients catch up from the log",
                    wait.toMillis());
        }
        // The invocation's metrics as CloudWatch embedded-metric-format lines, before the environment may freeze.
        context.findBean(EmfPublisher.class).ifPresent(EmfPublisher::flush);
    }
}
