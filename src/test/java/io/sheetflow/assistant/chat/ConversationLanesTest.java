package io.sheetflow.assistant.chat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConversationLanesTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneConversation_runOneAtATimeInOrder_whileAnotherConversationIsNotHeldUp() throws Exception {
        ConversationLanes lanes = new ConversationLanes(pool, 100);
        UUID busy = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        lanes.submit(busy, () -> {
            await().until(() -> release.getCount() == 0);
            done.add("a1");
        });
        for (int i = 2; i <= 5; i++) {
            String name = "a" + i;
            lanes.submit(busy, () -> done.add(name));
        }
        lanes.submit(UUID.randomUUID(), () -> done.add("b1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> done.contains("b1"));
        assertEquals(List.of("b1"), done, "the other conversation ran while the first waited");
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 6);
        assertEquals(List.of("b1", "a1", "a2", "a3", "a4", "a5"), done);
    }

    @Test
    void beyondMaxPending_submitRefuses_andATaskThatThrowsDoesNotStopItsLane() {
        ConversationLanes lanes = new ConversationLanes(pool, 2);
        UUID chat = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        lanes.submit(chat, () -> {
            await().until(() -> release.getCount() == 0);
            throw new IllegalStateException("boom");
        });
        lanes.submit(chat, () -> done.add("second"));
        assertThrows(RejectedExecutionException.class, () -> lanes.submit(UUID.randomUUID(), () -> done.add("refused")));
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> done.contains("second"));
        lanes.submit(chat, () -> done.add("after"));
        await().atMost(Duration.ofSeconds(10)).until(() -> done.contains("after"));
        assertEquals(List.of("second", "after"), done);
    }
}
