package io.sheetflow.event;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Events are appended in group commits across conversations; one event that cannot be stored must fail only
 * itself, never the other runs' events that happened to share its batch.
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
    void anUnstorableEvent_failsAlone_andTheOthersOfItsBatchAreStoredInOrder() throws Exception {
        UUID good = UUID.fromString(api().createChat());
        UUID bad = UUID.fromString(api().createChat());
        long before = log.latestSeq(good);
        List<CompletableFuture<StoredEvent>> goodOnes = new ArrayList<>();
        List<CompletableFuture<StoredEvent>> badOnes = new ArrayList<>();
        // Queued back to back, they share batches: the writer drains everything queued while it writes.
        for (int i = 0; i < 50; i++) {
            badOnes.add(events.publishAsync(bad, "local", null, "progress", Map.of("oops", new Unserialisable())));
            goodOnes.add(events.publishAsync(good, "local", null, "progress", Map.of("n", i)));
        }
        for (int i = 0; i < goodOnes.size(); i++) {
            assertEquals(before + i + 1, goodOnes.get(i).get(30, TimeUnit.SECONDS).seq());
        }
        for (CompletableFuture<StoredEvent> failed : badOnes) {
            assertThrows(ExecutionException.class, () -> failed.get(30, TimeUnit.SECONDS));
        }
        List<StoredEvent> stored = log.since(good, before, 100);
        assertEquals(50, stored.size());
        assertEquals(0, log.since(bad, 0, 100).size(), "nothing half-written for the failing conversation");
        assertEquals(0, log.latestSeq(bad), "the failing conversation's seq did not move");
    }
}
