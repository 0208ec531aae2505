package io.sheetflow.operation.excel;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistinctRowsTest {

    @Test
    void repeatedRow_isNotSeenFirst() {
        DistinctRows rows = new DistinctRows();

        assertTrue(rows.firstSeen(new Object[] {"a", 1L, LocalDate.of(2024, 1, 1), null}));
        assertFalse(rows.firstSeen(new Object[] {"a", 1L, LocalDate.of(2024, 1, 1), null}));
        assertEquals(1, rows.size());
    }

    @Test
    void valuesOfDifferentTypesOrPositions_areDifferentRows() {
        DistinctRows rows = new DistinctRows();

        assertTrue(rows.firstSeen(new Object[] {1L}));
        assertTrue(rows.firstSeen(new Object[] {1.0}));
        assertTrue(rows.firstSeen(new Object[] {"1"}));
        assertTrue(rows.firstSeen(new Object[] {true}));
        assertTrue(rows.firstSeen(new Object[] {"ab", "c"}));
        assertTrue(rows.firstSeen(new Object[] {"a", "bc"}));
        assertTrue(rows.firstSeen(new Object[] {"a", null}));
        assertTrue(rows.firstSeen(new Object[] {null, "a"}));
        assertTrue(rows.firstSeen(new Object[] {LocalDate.of(2024, 1, 1)}));
        assertTrue(rows.firstSeen(new Object[] {LocalDateTime.of(2024, 1, 1, 0, 0)}));
        assertEquals(10, rows.size());
    }

    @Test
    void manyDistinctRows_surviveTableGrowth() {
        DistinctRows rows = new DistinctRows();
        for (long i = 0; i < 50_000; i++) {
            assertTrue(rows.firstSeen(new Object[] {i, "row " + (i % 7)}));
        }
        for (long i = 0; i < 50_000; i += 997) {
            assertFalse(rows.firstSeen(new Object[] {i, "row " + (i % 7)}));
        }
        assertEquals(50_000, rows.size());
    }
}
