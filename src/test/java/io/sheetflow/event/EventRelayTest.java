package io.sheetflow.event;

import io.sheetflow.metrics.Meters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventRelayTest {
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch deliveryGate = new CountDownLatch(0);
    private final EventRelay relay = new EventRelay((event, owner) -> {
        try {
            deliveryGate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delivered.add(event.chatId().toString().substring(0, 1) + event.seq());
    }, Meters.none());
    private final UUID a = UUID.fromString("a0000000-0000-0000-0000-000000000000");
    private final UUID b = UUID.fromString("b0000000-0000-0000-0000-000000000000");

    @AfterEach
    void stop() throws InterruptedException {
        deliveryGate.countDown();
        relay.stop();
    }

    private static StoredEvent event(UUID chat, long seq) {
        return new StoredEvent(chat, seq, null, "progress", "{\"seq\":" + seq + "}");
    }

    @Test
    void anEventCommittedBeforeAnEarlierOneOfItsConversation_waitsForIt() {
        EventRelay.Slot first = relay.reserve(event(a, 1), "u");
        EventRelay.Slot second = relay.reserve(event(a, 2), "u");
        relay.resolve(List.of(second), true);
        assertTrue(relay.flush(Duration.ofSeconds(30)));
        assertEquals(List.of(), delivered, "seq 2 is not delivered before seq 1 is resolved");
        relay.resolve(List.of(first), true);
        assertTrue(relay.flush(Duration.ofSeconds(30)));
        assertEquals(List.of("a1", "a2"), delivered);
    }

    @Test
    void aRolledBackEvent_isNeverDelivered_andReleasesTheOnesAfterIt() {
        EventRelay.Slot first = relay.reserve(event(a, 1), "u");
        EventRelay.Slot second = relay.reserve(event(a, 2), "u");
        relay.resolve(List.of(second), true);
        relay.resolve(List.of(first), false);
        assertTrue(relay.flush(Duration.ofSeconds(30)));
        assertEquals(List.of("a2"), delivered);
    }

    @Test
    void anOpenEventOfOneConversation_doesNotHoldBackAnother() {
        relay.reserve(event(a, 1), "u");
        EventRelay.Slot other = relay.reserve(event(b, 7), "u");
        relay.resolve(List.of(other), true);
        assertTrue(relay.flush(Duration.ofSeconds(30)));
        assertEquals(List.of("b7"), delivered);
    }

    @Test
    void flush_waitsForDeliveryInProgress_andReportsATimeout() {
        deliveryGate = new CountDownLatch(1);
        relay.resolve(List.of(relay.reserve(event(a, 1), "u")), true);
        assertFalse(relay.flush(Duration.ofMillis(50)), "the delivery is held, so the flush cannot finish");
        deliveryGate.countDown();
        assertTrue(relay.flush(Duration.ofSeconds(30)));
        assertEquals(List.of("a1"), delivered);
    }

    @Test
    void aPublisherThatThrows_doesNotStopTheRelay() throws InterruptedException {
        List<Long> seen = new CopyOnWriteArrayList<>();
        EventRelay throwing = new EventRelay((event, owner) -> {
            seen.add(event.seq());
            if (event.seq() == 1) {
                throw new IllegalStateException("socket gone");
            }
        }, Meters.none());
        try {
            throwing.resolve(List.of(throwing.reserve(event(a, 1), "u"), throwing.reserve(event(a, 2), "u")), true);
            assertTrue(throwing.flush(Duration.ofSeconds(30)));
            assertEquals(List.of(1L, 2L), seen);
        } finally {
            throwing.stop();
        }
    }
}
