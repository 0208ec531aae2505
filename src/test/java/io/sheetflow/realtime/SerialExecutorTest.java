package io.sheetflow.realtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialExecutorTest {

    @Test
    void aTaskThatThrows_doesNotStopTheSessionsLaterTasks() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SerialExecutor session = new SerialExecutor(pool);
            List<String> ran = new CopyOnWriteArrayList<>();
            CountDownLatch last = new CountDownLatch(1);
            session.execute(() -> ran.add("first"));
            session.execute(() -> {
                throw new IllegalStateException("a socket task failed");
            });
            session.execute(() -> ran.add("after the failure"));
            session.execute(last::countDown);
            assertTrue(last.await(30, TimeUnit.SECONDS), "the task queued after a failing one ran");
            assertEquals(List.of("first", "after the failure"), ran);

            CountDownLatch later = new CountDownLatch(1);
            session.execute(later::countDown);
            assertTrue(later.await(30, TimeUnit.SECONDS), "a task submitted afterwards still runs");
        } finally {
            pool.shutdownNow();
        }
    }
}
