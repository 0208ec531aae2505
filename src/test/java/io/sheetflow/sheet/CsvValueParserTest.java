package io.sheetflow.sheet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CsvValueParserTest {

    static Stream<Arguments> fields() {
        return Stream.of(
                arguments("", null),
                arguments("0", 0L),
                arguments("42", 42L),
                arguments("-17", -17L),
                arguments("9223372036854775807", Long.MAX_VALUE),
                arguments("9223372036854775808", "9223372036854775808"),
                arguments("021201", "021201"),
                arguments("+5", "+5"),
                arguments("-", "-"),
                arguments("25.5", 25.5),
                arguments("-0.125", -0.125),
                arguments("30.0", 30.0),
                arguments("0.5", 0.5),
                arguments("00.5", "00.5"),
                arguments(".5", ".5"),
                arguments("5.", "5."),
                arguments("1e5", "1e5"),
                arguments("1.5E3", "1.5E3"),
                arguments("1,000", "1,000"),
                arguments(" 42", " 42"),
                arguments("true", true),
                arguments("FALSE", false),
                arguments("True", true),
                arguments("yes", "yes"),
                arguments("2024-01-15", LocalDate.of(2024, 1, 15)),
                arguments("2024-02-30", "2024-02-30"),
                arguments("2024-1-15", "2024-1-15"),
                arguments("2024-01-15 10:30", LocalDateTime.of(2024, 1, 15, 10, 30)),
                arguments("2024-01-15T10:30:05", LocalDateTime.of(2024, 1, 15, 10, 30, 5)),
                arguments("2024-01-15 10:30:05.123", LocalDateTime.of(2024, 1, 15, 10, 30, 5, 123_000_000)),
                arguments("2024-01-15 25:00", "2024-01-15 25:00"),
                arguments("2024-01-15T10:30:05Z", "2024-01-15T10:30:05Z"),
                arguments("15/01/2024", "15/01/2024"),
                arguments("Zoë", "Zoë"));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @MethodSource("fields")
    void field_isTypedStrictly(String field, Object expected) {
        Object parsed = CsvValueParser.parse(field);

        assertEquals(expected, parsed);
        if (expected != null) {
            assertEquals(expected.getClass(), parsed.getClass());
        }
    }
}
