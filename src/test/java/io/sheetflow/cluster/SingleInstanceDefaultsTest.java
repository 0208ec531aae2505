package io.sheetflow.cluster;

import io.micronaut.context.BeanContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.event.EventPublisher;
import io.sheetflow.realtime.LocalEventHub;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.SharedLimitsHousekeeping;
import io.sheetflow.support.ServerTest;
import io.sheetflow.workflow.LocalRunQueue;
import io.sheetflow.workflow.RunQueue;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Without the scale-out settings the embedded setup is one process: its own queue, event delivery and limits. */
@MicronautTest(transactional = false)
class SingleInstanceDefaultsTest extends ServerTest {
    @Inject
    RunQueue queue;
    @Inject
    EventPublisher events;
    @Inject
    LimitSettings limits;
    @Inject
    BeanContext context;

    @Test
    void withoutScaleOutSettings_theQueueTheEventsAndTheLimitsAreTheProcesssOwn() {
        assertInstanceOf(LocalRunQueue.class, queue);
        assertInstanceOf(LocalEventHub.class, events);
        assertFalse(limits.sharedInDatabase());
        assertFalse(context.containsBean(SharedLimitsHousekeeping.class));
    }
}
