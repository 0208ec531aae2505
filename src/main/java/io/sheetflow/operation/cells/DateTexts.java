package io.sheetflow.operation.cells;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads dates from cells, each value on its own: date and date-time cells as they are, and text in several common
 * formats. Unlike Pycelize (pandas infers one format from the first value, so a column mixing formats loses
 * values), every value is tried against every format.
 *
 * <p>Text formats (four-digit years; an optional leading weekday name is ignored):
 * <ul>
 *   <li>{@code 2024-01-15}, {@code 2024/01/15}, {@code 2024.1.15}</li>
 *   <li>{@code 01/15/2024} and {@code 01-15-2024} month first, as Pycelize reads them, unless the first
 *       number cannot be a month ({@code 15/01/2024} is 15 January); {@code 15.01.2024} day first</li>
 *   <li>month names in English, full or abbreviated: {@code 15 Jan 2024}, {@code 15-Jan-2024},
 *       {@code Jan 15, 2024}, {@code January 15th 2024}</li>
 * </ul>
 * each optionally followed by a time ({@code T} or a space, then {@code HH:mm[:ss[.fraction]]}, an optional
 * {@code AM}/{@code PM}, and an optional {@code Z} or UTC offset, which is dropped: the time is kept as written).
 * A value with a time is a {@link LocalDateTime}, one without is a {@link LocalDate}.
 */
public final class DateTexts {

    private static final String WEEKDAY = "(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?";
    private static final String TIME = "(?:(?:T|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
            + "\\s*([ap]\\.?m\\.?)?\\s*(?:z|[+-]\\d{2}(?::?\\d{2})?)?)?";
    private static final Pattern YEAR_FIRST = Pattern.compile(
            "\\s*" + WEEKDAY + "(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})" + TIME + "\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern YEAR_LAST = Pattern.compile(
            "\\s*" + WEEKDAY + "(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4})" + TIME + "\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DAY_MONTH_NAME = Pattern.compile(
            "\\s*" + WEEKDAY + "(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+([a-z]{3,9})\\.?[\\s,-]+(\\d{4})" + TIME + "\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH_NAME_DAY = Pattern.compile(
            "\\s*" + WEEKDAY + "([a-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})" + TIME + "\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};

    private DateTexts() {
    }

    /** A {@link LocalDate} or {@link LocalDateTime} for date cells and date text; null for anything else. */
    public static Object toTemporal(Object cell) {
        if (cell instanceof LocalDate || cell instanceof LocalDateTime) {
            return cell;
        }
        if (cell instanceof String text) {
            return parse(text);
        }
        return null;
    }

    /** The cell as a date-time (dates at midnight), or null when it is not a date. */
    public static LocalDateTime toDateTime(Object cell) {
        Object temporal = toTemporal(cell);
        if (temporal instanceof LocalDate date) {
            return date.atStartOfDay();
        }
        return (LocalDateTime) temporal;
    }

    /** Date text in any of the formats above, or null. */
    public static Object parse(String text) {
        if (text.length() < 8 || text.length() > 64) {
            return null;
        }
        try {
            Matcher m = YEAR_FIRST.matcher(text);
            if (m.matches()) {
                return withTime(LocalDate.of(number(m, 1), number(m, 3), number(m, 4)), m, 5);
            }
            m = YEAR_LAST.matcher(text);
            if (m.matches()) {
                int first = number(m, 1);
                int second = number(m, 3);
                boolean dayFirst = ".".equals(m.group(2)) || first > 12;
                LocalDate date = dayFirst ? LocalDate.of(number(m, 4), second, first)
                        : LocalDate.of(number(m, 4), first, second);
                return withTime(date, m, 5);
            }
            m = DAY_MONTH_NAME.matcher(text);
            if (m.matches()) {
                int month = month(m.group(2));
                return month == 0 ? null : withTime(LocalDate.of(number(m, 3), month, number(m, 1)), m, 4);
            }
            m = MONTH_NAME_DAY.matcher(text);
            if (m.matches()) {
                int month = month(m.group(1));
                return month == 0 ? null : withTime(LocalDate.of(number(m, 3), month, number(m, 2)), m, 4);
            }
        } catch (DateTimeException impossibleDate) {
            return null;
        }
        return null;
    }

    /**
     * Strict ISO-8601 as used in search conditions: {@code yyyy-MM-dd} or {@code yyyy-MM-dd[T ]HH:mm[:ss[.f]]}.
     * Null for anything else.
     */
    public static Object parseIso(String text) {
        if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        Matcher m = YEAR_FIRST.matcher(text);
        if (!m.matches() || !"-".equals(m.group(2)) || m.group(3).length() != 2 || m.group(4).length() != 2
                || text.strip().length() != text.length()) {
            return null;
        }
        if (m.group(5) != null && (m.group(5).length() != 2 || m.group(9) != null)) {
            return null;
        }
        return parse(text);
    }

    private static Object withTime(LocalDate date, Matcher m, int firstTimeGroup) {
        if (m.group(firstTimeGroup) == null) {
            return date;
        }
        int hour = number(m, firstTimeGroup);
        int minute = number(m, firstTimeGroup + 1);
        int second = m.group(firstTimeGroup + 2) == null ? 0 : number(m, firstTimeGroup + 2);
        String fraction = m.group(firstTimeGroup + 3);
        int nanos = 0;
        if (fraction != null) {
            nanos = Integer.parseInt((fraction + "00000000").substring(0, 9));
        }
        String meridiem = m.group(firstTimeGroup + 4);
        if (meridiem != null) {
            if (hour < 1 || hour > 12) {
                return null;
            }
            boolean pm = Character.toLowerCase(meridiem.charAt(0)) == 'p';
            hour = hour % 12 + (pm ? 12 : 0);
        }
        return LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos));
    }

    private static int month(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(lower) || MONTHS[i].substring(0, 3).equals(lower) || "sept".equals(lower) && i == 8) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
