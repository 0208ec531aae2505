package io.sheetflow.assistant.rules;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dates written in words or digits as a period: a day, a month or a year ("March 2024", "2024-03-15", "2023"). */
final class DatePhrases {

    /** The first and last day of what was written. */
    record Period(LocalDate first, LocalDate last) {
        boolean isDay() {
            return first.equals(last);
        }
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("january", 1), Map.entry("jan", 1),
            Map.entry("february", 2), Map.entry("feb", 2), Map.entry("march", 3), Map.entry("mar", 3),
            Map.entry("april", 4), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("june", 6), Map.entry("jun", 6),
            Map.entry("july", 7), Map.entry("jul", 7), Map.entry("august", 8), Map.entry("aug", 8),
            Map.entry("september", 9), Map.entry("sep", 9), Map.entry("sept", 9), Map.entry("october", 10),
            Map.entry("oct", 10), Map.entry("november", 11), Map.entry("nov", 11), Map.entry("december", 12),
            Map.entry("dec", 12));
    private static final String MONTH = "(january|february|march|april|may|june|july|august|september|october|"
            + "november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private static final Pattern ISO_DAY = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})$");
    private static final Pattern ISO_MONTH = Pattern.compile("^(\\d{4})-(\\d{1,2})$");
    private static final Pattern YEAR = Pattern.compile("^(19\\d{2}|20\\d{2}|21\\d{2})$");
    private static final Pattern MONTH_YEAR = Pattern.compile("^" + MONTH + ",? (?:of )?(\\d{4})$");
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("^(\\d{1,2})(?:st|nd|rd|th)? (?:of )?" + MONTH + ",? (\\d{4})$");
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile("^" + MONTH + " (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})$");
    private static final Pattern SLASHED = Pattern.compile("^(\\d{1,2})[/.](\\d{1,2})[/.](\\d{4})$");

    private DatePhrases() {
    }

    static Optional<Period> parse(String text) {
        String t = text.toLowerCase().replaceAll("[\"'`]", "").replaceAll("\\s+", " ").strip()
                .replaceAll("^(?:the )?(?:year |month of )", "").strip();
        try {
            Matcher m = ISO_DAY.matcher(t);
            if (m.matches()) {
                return day(LocalDate.of(i(m, 1), i(m, 2), i(m, 3)));
            }
            m = ISO_MONTH.matcher(t);
            if (m.matches()) {
                return month(YearMonth.of(i(m, 1), i(m, 2)));
            }
            m = YEAR.matcher(t);
            if (m.matches()) {
                int year = i(m, 1);
                return Optional.of(new Period(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
            }
            m = MONTH_YEAR.matcher(t);
            if (m.matches()) {
                return month(YearMonth.of(i(m, 2), MONTHS.get(m.group(1))));
            }
            m = DAY_MONTH_YEAR.matcher(t);
            if (m.matches()) {
                return day(LocalDate.of(i(m, 3), MONTHS.get(m.group(2)), i(m, 1)));
            }
            m = MONTH_DAY_YEAR.matcher(t);
            if (m.matches()) {
                return day(LocalDate.of(i(m, 3), MONTHS.get(m.group(1)), i(m, 2)));
            }
            m = SLASHED.matcher(t);
            if (m.matches()) {
                int a = i(m, 1);
                int b = i(m, 2);
                // day first, as most of the world writes it, unless that cannot be a date
                return b > 12 ? day(LocalDate.of(i(m, 3), a, b)) : day(LocalDate.of(i(m, 3), b, a));
            }
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static int i(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static Optional<Period> day(LocalDate date) {
        return Optional.of(new Period(date, date));
    }

    private static Optional<Period> month(YearMonth month) {
        return Optional.of(new Period(month.atDay(1), month.atEndOfMonth()));
    }
}
