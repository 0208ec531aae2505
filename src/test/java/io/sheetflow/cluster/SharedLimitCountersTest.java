package io.sheetflow.cluster;

import io.micronaut.context.ApplicationContext;
import io.sheetflow.security.SharedLimitCounters;
import io.sheetflow.support.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database counters behind the shared limits, on PostgreSQL, as several instances (holders) use them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedLimitCountersTest {
    private ApplicationContext context;
    private SharedLimitCounters counters;

    @BeforeAll
    void start() throws Exception {
        Map<String, Object> properties = new HashMap<>(EmbeddedPostgres.newDatabaseProperties());
        properties.put("sheetflow.data-dir", Files.createTempDirectory("sheetflow-counters-").toString());
        context = ApplicationContext.builder().environments("test").properties(properties).start();
        counters = context.getBean(SharedLimitCounters.class);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void aCapIsSharedByHolders_andAReleasedSlotCanBeTakenAgain() {
        String name = SharedLimitCounters.WEBSOCKET_CONNECTIONS;
        assertTrue(counters.acquire("uma", name, "instance-a", 2));
        assertTrue(counters.acquire("uma", name, "instance-b", 2));
        assertFalse(counters.acquire("uma", name, "instance-a", 2), "two slots, both taken");
        counters.release("uma", name, "instance-b");
        assertTrue(counters.acquire("uma", name, "instance-a", 2));
    }

    @Test
    void theShareOfAHolderThatStoppedRefreshing_isTakenOffTheTotal() {
        String name = SharedLimitCounters.STATELESS_OPERATIONS;
        assertTrue(counters.acquire("*", name, "dead-instance", 2));
        assertTrue(counters.acquire("*", name, "dead-instance", 2));
        assertFalse(counters.acquire("*", name, "live-instance", 2));
        // Seen from an hour later, the dead instance's share was not refreshed for longer than a minute.
        assertEquals(1, counters.sweep(Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(1)));
        assertTrue(counters.acquire("*", name, "live-instance", 2));
        counters.release("*", name, "dead-instance"); // too late: its share is gone, the total stays right
        assertTrue(counters.acquire("*", name, "live-instance", 2));
        assertFalse(counters.acquire("*", name, "live-instance", 2));
    }

    @Test
    void concurrentIncrements_areAllCounted() throws Exception {
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        counters.increment("vera", "runs-per-minute", "window-1");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals((long) threads * each, counters.read("vera", "runs-per-minute", "window-1"));
    }
}
