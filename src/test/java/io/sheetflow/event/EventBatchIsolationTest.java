package io.sheetflow.event;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each event is appended in the transaction of the change it reports: one that cannot be stored fails only its
 * own transaction, never the events of other conversations written at the same time.
 */
@MicronautTest(transactional = false)
class EventBatchIsolationTest extends ServerTest {
    /** Jackson cannot serialise it (no properties), so its event cannot be stored. */
    static final class Unserialisable {
    }

    @Inject
    EventService events;
    @Inject
    EventLog log;

    @Test
    void anUnstorableEvent_failsAlone_andConcurrentEventsOfAnotherConversationAreStoredInOrder() throws Exception {
        UUID good = UUID.fromString(api().createChat());
        UUID bad = UUID.fromString(api().createChat());
        long before = log.latestSeq(good);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<List<Long>> goodSeqs = writers.submit(() -> {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    seqs.add(events.publish(good, "local", null, "progress", Map.of("n", i)).seq());
                }
                return seqs;
            });
            Future<Integer> refused = writers.submit(() -> {
                int failures = 0;
                for (int i = 0; i < 50; i++) {
                    try {
                        events.publish(bad, "local", null, "progress", Map.of("oops", new Unserialisable()));
                    } catch (RuntimeException expected) {
                        failures++;
                    }
                }
                return failures;
            });
            assertEquals(50, refused.get(60, TimeUnit.SECONDS));
            List<Long> seqs = goodSeqs.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(before + i + 1, seqs.get(i));
            }
        } finally {
            writers.shutdownNow();
        }
        assertEquals(50, log.since(good, before, 100).size());
        assertEquals(0, log.since(bad, 0, 100).size(), "nothing half-written for the failing conversation");
        assertEquals(0, log.latestSeq(bad), "the failing conversation's seq did not move");
    }
}
