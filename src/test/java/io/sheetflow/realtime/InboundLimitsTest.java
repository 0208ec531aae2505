package io.sheetflow.realtime;

import io.sheetflow.security.LimitSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InboundLimitsTest {
    private static final long SECOND = 1_000_000_000L;

    /** A clock the test moves by hand. */
    private static final class HandClock extends MessageClock {
        private long now = 5 * SECOND;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();

    private InboundLimits limits(int perSecond, int maxBytes) {
        return new InboundLimits(new LimitSettings(60, 30, 4, 20, maxBytes, perSecond, 1_048_576, 64, "local"), clock);
    }

    @Test
    void theMessageAfterNInOneSecond_isRefused() {
        InboundLimits inbound = limits(3, 100);
        for (int i = 0; i < 3; i++) {
            assertNull(inbound.check("ping"));
        }
        assertEquals("Too many messages: at most 3 per second", inbound.check("ping"));
    }

    @Test
    void aMessageIsAcceptedAgain_onceTheOldestOfTheLastNIsASecondOld() {
        InboundLimits inbound = limits(3, 100);
        assertNull(inbound.check("a"));
        clock.now += SECOND / 2;
        assertNull(inbound.check("b"));
        assertNull(inbound.check("c"));
        clock.now += SECOND / 2 - 1;
        assertEquals("Too many messages: at most 3 per second", inbound.check("d"), "a is 1 ns short of a second old");
        clock.now += 1;
        assertNull(inbound.check("d"));
        assertEquals("Too many messages: at most 3 per second", inbound.check("e"), "b and c are half a second old");
    }

    @Test
    void aBurstAcrossTheEdgeOfASecond_getsNoMoreThanNThrough() {
        InboundLimits inbound = limits(3, 100);
        clock.now += SECOND - 10; // the end of what a fixed window would call one second
        for (int i = 0; i < 3; i++) {
            assertNull(inbound.check("x"));
        }
        clock.now += 20; // and the start of the next
        assertEquals("Too many messages: at most 3 per second", inbound.check("x"));
    }

    @Test
    void anOversizedMessage_isRefusedBeforeItCounts() {
        InboundLimits inbound = limits(1, 4);
        assertEquals("Message too large: at most 4 bytes", inbound.check("12345"));
        assertNull(inbound.check("1234"), "the refused message took no slot");
    }
}
