package io.sheetflow.sheet;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** The text form of typed cells, shared by the text writers, header naming and column widths. */
public final class CellText {

    /** Below 2^53 a whole double is an exact long: print it without going through BigDecimal. */
    private static final double EXACT_LONG_LIMIT = 9.007199254740992E15;

    private CellText() {
    }

    /** Numbers in plain notation: {@code 30.0 -> 30}, {@code 25.5 -> 25.5}, {@code 1.0E7 -> 10000000}. */
    public static String plainNumber(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < EXACT_LONG_LIMIT) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    public static String isoDate(LocalDate date) {
        StringBuilder text = new StringBuilder(10);
        appendDate(text, date);
        return text.toString();
    }

    /**
     * {@code 2024-01-15<separator>10:30:00}, with a fraction only when the value has one. The separator is
     * {@code 'T'} for JSON (ISO-8601) and {@code ' '} for CSV and display.
     */
    public static String isoDateTime(LocalDateTime dateTime, char separator) {
        StringBuilder text = new StringBuilder(19);
        appendDate(text, dateTime.toLocalDate());
        text.append(separator);
        pad2(text, dateTime.getHour()).append(':');
        pad2(text, dateTime.getMinute()).append(':');
        pad2(text, dateTime.getSecond());
        int nanos = dateTime.getNano();
        if (nanos != 0) {
            String fraction = Integer.toString(1_000_000_000 + nanos).substring(1);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(fraction, 0, end);
        }
        return text.toString();
    }

    /** The display text of any cell value; {@code ""} for null. */
    public static String of(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            return plainNumber(d);
        }
        if (value instanceof LocalDate date) {
            return isoDate(date);
        }
        if (value instanceof LocalDateTime dateTime) {
            return isoDateTime(dateTime, ' ');
        }
        return value.toString();
    }

    private static void appendDate(StringBuilder text, LocalDate date) {
        int year = date.getYear();
        if (year >= 0 && year < 1000) {
            text.append(Integer.toString(10_000 + year), 1, 5);
        } else {
            text.append(year);
        }
        text.append('-');
        pad2(text, date.getMonthValue()).append('-');
        pad2(text, date.getDayOfMonth());
    }

    private static StringBuilder pad2(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        return text.append(value);
    }
}
