package io.sheetflow.sheet;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeaderNamesTest {

    @Test
    void repeatedNames_getNumberedSuffixes() {
        assertEquals(List.of("a", "a.1", "a.2", "b"), HeaderNames.of(List.of("a", "a", "a", "b")));
    }

    @Test
    void suffixedNameAlreadyPresent_isSkippedLikePandas() {
        assertEquals(List.of("a", "a.1", "a.1.1"), HeaderNames.of(List.of("a", "a.1", "a")));
    }

    @Test
    void emptyCells_becomeUnnamedWithTheirPosition() {
        assertEquals(List.of("Unnamed: 0", "x", "Unnamed: 2"), HeaderNames.of(Arrays.asList(null, "x", "")));
    }

    @Test
    void typedHeaderCells_useTheirText() {
        assertEquals(List.of("2024", "1.5", "2024-01-15", "true"),
                HeaderNames.of(List.of(2024L, 1.5, LocalDate.of(2024, 1, 15), true)));
    }
}
