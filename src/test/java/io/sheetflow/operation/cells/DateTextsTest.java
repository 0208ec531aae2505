package io.sheetflow.operation.cells;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DateTextsTest {

    private static final LocalDate JAN_15 = LocalDate.of(2024, 1, 15);

    @Test
    void commonDateFormats_areReadValueByValue() {
        assertEquals(JAN_15, DateTexts.parse("2024-01-15"));
        assertEquals(JAN_15, DateTexts.parse("2024/1/15"));
        assertEquals(JAN_15, DateTexts.parse("01/15/2024"));
        assertEquals(LocalDate.of(2024, 2, 15), DateTexts.parse("15/02/2024"));
        assertEquals(LocalDate.of(2024, 2, 1), DateTexts.parse("01.02.2024"));
        assertEquals(JAN_15, DateTexts.parse("15 Jan 2024"));
        assertEquals(JAN_15, DateTexts.parse("15-JAN-2024"));
        assertEquals(JAN_15, DateTexts.parse("January 15th, 2024"));
        assertEquals(JAN_15, DateTexts.parse("Mon, Jan 15 2024"));
        assertEquals(LocalDate.of(2024, 9, 3), DateTexts.parse("3 Sept 2024"));
    }

    @Test
    void times_makeDateTimes() {
        assertEquals(LocalDateTime.of(2024, 1, 15, 10, 30), DateTexts.parse("2024-01-15 10:30"));
        assertEquals(LocalDateTime.of(2024, 1, 15, 10, 30, 5, 120_000_000), DateTexts.parse("2024-01-15T10:30:05.12Z"));
        assertEquals(LocalDateTime.of(2024, 1, 15, 22, 5), DateTexts.parse("01/15/2024 10:05 PM"));
        assertEquals(LocalDateTime.of(2024, 1, 15, 0, 5), DateTexts.parse("15 Jan 2024 12:05 am"));
        assertEquals(LocalDateTime.of(2024, 1, 15, 10, 30), DateTexts.parse("2024-01-15T10:30:00+02:00"));
    }

    @Test
    void impossibleOrOtherText_isNotADate() {
        assertNull(DateTexts.parse("2024-02-30"));
        assertNull(DateTexts.parse("13/13/2024"));
        assertNull(DateTexts.parse("15 Foo 2024"));
        assertNull(DateTexts.parse("hello world"));
        assertNull(DateTexts.parse("20240115"));
        assertNull(DateTexts.parse("01/15/24"));
        assertNull(DateTexts.parse("2024-01-15 25:00"));
        assertNull(DateTexts.parse("2024-01-15 13:00 PM"));
    }

    @Test
    void isoParsing_isStrict() {
        assertEquals(JAN_15, DateTexts.parseIso("2024-01-15"));
        assertEquals(LocalDateTime.of(2024, 1, 15, 10, 30), DateTexts.parseIso("2024-01-15T10:30:00"));
        assertEquals(LocalDateTime.of(2024, 1, 15, 10, 30), DateTexts.parseIso("2024-01-15 10:30"));
        assertNull(DateTexts.parseIso("2024-1-15"));
        assertNull(DateTexts.parseIso("2024/01/15"));
        assertNull(DateTexts.parseIso("01/15/2024"));
        assertNull(DateTexts.parseIso("2024-01-15 10:30 PM"));
    }

    @Test
    void cells_keepTheirDatesAndOtherTypesAreNotDates() {
        assertEquals(JAN_15.atStartOfDay(), DateTexts.toDateTime(JAN_15));
        assertEquals(LocalDateTime.of(2024, 1, 15, 1, 2), DateTexts.toDateTime(LocalDateTime.of(2024, 1, 15, 1, 2)));
        assertNull(DateTexts.toTemporal(45_306L));
        assertNull(DateTexts.toTemporal(true));
        assertNull(DateTexts.toTemporal(null));
    }
}
