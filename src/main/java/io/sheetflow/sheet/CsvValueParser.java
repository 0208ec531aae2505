package io.sheetflow.sheet;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Types one CSV field. Deliberately strict, so that text which merely looks numeric stays text:
 * <ul>
 *   <li>empty -> {@code null}</li>
 *   <li>{@code -?(0|[1-9][0-9]*)} fitting a long -> {@code Long} (so {@code 021201} and {@code +5} stay text)</li>
 *   <li>{@code -?(0|[1-9][0-9]*)\.[0-9]+} -> {@code Double} (no exponents, no thousands separators)</li>
 *   <li>{@code true}/{@code false}, any case -> {@code Boolean}</li>
 *   <li>{@code yyyy-MM-dd} -> {@code LocalDate};
 *       {@code yyyy-MM-dd[T ]HH:mm[:ss[.fraction]]} -> {@code LocalDateTime}</li>
 *   <li>anything else -> the {@code String} itself</li>
 * </ul>
 * Hand-written scanning instead of regular expressions: it runs once per cell of million-row files.
 */
final class CsvValueParser {

    private static final int MAX_SAFE_LONG_DIGITS = 18;

    private CsvValueParser() {
    }

    static Object parse(String field) {
        int length = field.length();
        if (length == 0) {
            return null;
        }
        char first = field.charAt(0);
        if (isDigit(first)) {
            if (length >= 10 && field.charAt(4) == '-') {
                Object temporal = parseTemporal(field);
                return temporal != null ? temporal : field;
            }
            Object number = parseNumber(field, 0);
            return number != null ? number : field;
        }
        if (first == '-') {
            Object number = parseNumber(field, 1);
            return number != null ? number : field;
        }
        if (length == 4 && field.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (length == 5 && field.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return field;
    }

    private static Object parseNumber(String field, int start) {
        int length = field.length();
        int i = start;
        while (i < length && isDigit(field.charAt(i))) {
            i++;
        }
        int integerDigits = i - start;
        if (integerDigits == 0 || (integerDigits > 1 && field.charAt(start) == '0')) {
            return null;
        }
        if (i == length) {
            if (integerDigits <= MAX_SAFE_LONG_DIGITS) {
                return Long.parseLong(field);
            }
            try {
                return Long.parseLong(field);
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        }
        if (field.charAt(i) != '.' || i == length - 1) {
            return null;
        }
        for (int j = i + 1; j < length; j++) {
            if (!isDigit(field.charAt(j))) {
                return null;
            }
        }
        return Double.parseDouble(field);
    }

    /** {@code yyyy-MM-dd}, or a date followed by {@code T} or a space and {@code HH:mm[:ss[.f{1,9}]]}. */
    private static Object parseTemporal(String field) {
        int length = field.length();
        if (!digits(field, 0, 4) || field.charAt(4) != '-' || !digits(field, 5, 2) || field.charAt(7) != '-'
                || !digits(field, 8, 2)) {
            return null;
        }
        int year = number(field, 0, 4);
        int month = number(field, 5, 2);
        int day = number(field, 8, 2);
        try {
            if (length == 10) {
                return LocalDate.of(year, month, day);
            }
            char separator = field.charAt(10);
            if ((separator != 'T' && separator != ' ') || length < 16 || !digits(field, 11, 2)
                    || field.charAt(13) != ':' || !digits(field, 14, 2)) {
                return null;
            }
            int hour = number(field, 11, 2);
            int minute = number(field, 14, 2);
            int second = 0;
            int nanos = 0;
            if (length > 16) {
                if (length < 19 || field.charAt(16) != ':' || !digits(field, 17, 2)) {
                    return null;
                }
                second = number(field, 17, 2);
                if (length > 19) {
                    int fractionDigits = length - 20;
                    if (field.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9
                            || !digits(field, 20, fractionDigits)) {
                        return null;
                    }
                    nanos = number(field, 20, fractionDigits);
                    for (int k = fractionDigits; k < 9; k++) {
                        nanos *= 10;
                    }
                }
            }
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (DateTimeException invalidDate) {
            return null;
        }
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
