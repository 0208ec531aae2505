package io.sheetflow.operation.template;

import io.sheetflow.operation.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TypeHintTest {

    @Test
    void int_truncatesNumbersAndParsesNumericText() {
        assertEquals(25L, TypeHint.INT.convert(25.9, ' '));
        assertEquals(-1L, TypeHint.INT.convert(-1.25, ' '));
        assertEquals(30L, TypeHint.INT.convert(" 30.7 ", ' '));
        assertEquals(1000L, TypeHint.INT.convert("1e3", ' '));
        assertEquals(0L, TypeHint.INT.convert("1e-999999999", ' '));
        assertEquals(1L, TypeHint.INT.convert(true, ' '));
        assertNull(TypeHint.INT.convert("", ' '));
        assertEquals("abc", TypeHint.INT.convert("abc", ' '));
        assertEquals("25d", TypeHint.INT.convert("25d", ' '));
        assertEquals(1.0E300, TypeHint.INT.convert(1.0E300, ' '));
        assertEquals(LocalDate.of(2024, 1, 15), TypeHint.INT.convert(LocalDate.of(2024, 1, 15), ' '));
    }

    @Test
    void hugeExponents_failQuicklyInsteadOfExpanding() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertEquals("1e999999999", TypeHint.INT.convert("1e999999999", ' '));
            assertEquals("1e999999999", TypeHint.FLOAT.convert("1e999999999", ' '));
        });
    }

    @Test
    void float_bool_datetime_string_convertAsTheReference() {
        assertEquals(30.0, TypeHint.FLOAT.convert(30L, ' '));
        assertEquals("30.0", TypeHint.floatText(30.0));
        assertEquals("0.000001", TypeHint.floatText(1.0E-6));
        assertEquals(true, TypeHint.BOOL.convert("Yes", ' '));
        assertEquals(true, TypeHint.BOOL.convert("on", ' '));
        assertEquals(false, TypeHint.BOOL.convert("nope", ' '));
        assertEquals(false, TypeHint.BOOL.convert(0L, ' '));
        assertEquals("2024-01-15T00:00:00", TypeHint.DATETIME.convert(LocalDate.of(2024, 1, 15), 'T'));
        assertEquals("2024-01-15 10:30:00", TypeHint.DATETIME.convert(LocalDateTime.of(2024, 1, 15, 10, 30), ' '));
        assertEquals("25.5", TypeHint.STRING.convert(25.5, ' '));
        assertEquals(TypeHint.STRING, TypeHint.fromText("TEXT"));
        assertNull(TypeHint.fromText("integer"));
    }

    @Test
    void placeholders_splitDefaultFirstThenType() {
        assertEquals(new Placeholder("t:datetime|2024-01-01 00:00", "t", TypeHint.DATETIME, "2024-01-01 00:00"),
                Placeholder.parse("t:datetime|2024-01-01 00:00"));
        assertEquals(new Placeholder(" a : int | 0 ", "a", TypeHint.INT, "0"), Placeholder.parse(" a : int | 0 "));
        assertEquals(new Placeholder("a:", "a", null, null), Placeholder.parse("a:"));
        assertEquals(0L, Placeholder.parse("a:int|0").resolve(null, ' '));
        assertEquals("x", Placeholder.parse("a|x").resolve("", ' '));
        assertNull(Placeholder.parse("a").resolve(null, ' '));
        InvalidArgumentException unknown = assertThrows(InvalidArgumentException.class,
                () -> Placeholder.parse("a:decimal"));
        assertEquals("template", unknown.field());
    }
}
