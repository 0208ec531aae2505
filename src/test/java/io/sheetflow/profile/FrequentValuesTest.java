package io.sheetflow.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounded top-values table: exact while it fits, a lower bound with a known error beyond. */
class FrequentValuesTest {

    @Test
    void withinCapacity_countsAreExact() {
        FrequentValues values = new FrequentValues(100);
        for (int i = 0; i < 50; i++) {
            for (int k = 0; k <= i; k++) {
                values.add((long) i);
            }
        }
        assertTrue(values.exact());
        assertEquals(new FrequentValues.Entry(49L, 50), values.top(3).get(0));
        assertEquals(3, values.top(3).size());
    }

    @Test
    void beyondCapacity_theHeavyValuesSurviveWithCountsShortByAtMostTheBound() {
        FrequentValues values = new FrequentValues(100);
        long rows = 0;
        for (int i = 0; i < 100_000; i++) {
            values.add("unique-" + i);
            rows++;
            if (i % 10 == 0) {
                values.add("heavy");
                rows++;
            }
        }
        assertFalse(values.exact());
        FrequentValues.Entry top = values.top(1).get(0);
        assertEquals("heavy", top.value());
        assertTrue(top.count() <= 10_000 && top.count() >= 10_000 - values.maxUndercount(), top.toString());
        assertTrue(values.maxUndercount() <= 2 * rows / 100, "error bound " + values.maxUndercount());
    }
}
