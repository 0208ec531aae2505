package io.sheetflow.operation.normalize;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Python {@code strftime} formats (what Pycelize's users write) as java.time formatters, English names.
 * Supported: {@code %Y %y %m %d %e %H %I %M %S %f %p %b %h %B %a %A %j %u %F %T %D %%}, and the glibc no-padding
 * forms {@code %-m %-d %-H %-I %-M %-S %-j}. Directives whose meaning depends on the locale or a time zone
 * ({@code %c %x %X %Z %z}) or on week rules ({@code %U %W %w %G %V}) are refused rather than guessed.
 */
final class StrftimeFormat {

    static final String SUPPORTED = "%Y %y %m %d %e %H %I %M %S %f %p %b %h %B %a %A %j %u %F %T %D %%";

    private StrftimeFormat() {
    }

    /**
     * @throws IllegalArgumentException naming the unsupported directive
     */
    static DateTimeFormatter compile(String format) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= format.length()) {
                throw new IllegalArgumentException("ends with a lone %; write %% for a percent sign");
            }
            boolean unpadded = format.charAt(i + 1) == '-' && i + 2 < format.length();
            char directive = format.charAt(unpadded ? i + 2 : i + 1);
            i += unpadded ? 2 : 1;
            if (directive == '%') {
                literal.append('%');
                continue;
            }
            if (!literal.isEmpty()) {
                builder.appendLiteral(literal.toString());
                literal.setLength(0);
            }
            if (!append(builder, directive, unpadded)) {
                throw new IllegalArgumentException("uses %" + (unpadded ? "-" : "") + directive
                        + ", which is not supported; supported: " + SUPPORTED);
            }
        }
        if (!literal.isEmpty()) {
            builder.appendLiteral(literal.toString());
        }
        return builder.toFormatter(Locale.ENGLISH);
    }

    private static boolean append(DateTimeFormatterBuilder builder, char directive, boolean unpadded) {
        switch (directive) {
            case 'Y' -> builder.appendValue(ChronoField.YEAR, 4, 10, SignStyle.NORMAL);
            case 'y' -> builder.appendValueReduced(ChronoField.YEAR, 2, 2, 2000);
            case 'm' -> number(builder, ChronoField.MONTH_OF_YEAR, 2, unpadded);
            case 'd' -> number(builder, ChronoField.DAY_OF_MONTH, 2, unpadded);
            case 'e' -> builder.padNext(2).appendValue(ChronoField.DAY_OF_MONTH);
            case 'H' -> number(builder, ChronoField.HOUR_OF_DAY, 2, unpadded);
            case 'I' -> number(builder, ChronoField.CLOCK_HOUR_OF_AMPM, 2, unpadded);
            case 'M' -> number(builder, ChronoField.MINUTE_OF_HOUR, 2, unpadded);
            case 'S' -> number(builder, ChronoField.SECOND_OF_MINUTE, 2, unpadded);
            case 'j' -> number(builder, ChronoField.DAY_OF_YEAR, 3, unpadded);
            case 'f' -> builder.appendValue(ChronoField.MICRO_OF_SECOND, 6);
            case 'p' -> builder.appendText(ChronoField.AMPM_OF_DAY, TextStyle.SHORT);
            case 'b', 'h' -> builder.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT);
            case 'B' -> builder.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL);
            case 'a' -> builder.appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT);
            case 'A' -> builder.appendText(ChronoField.DAY_OF_WEEK, TextStyle.FULL);
            case 'u' -> builder.appendValue(ChronoField.DAY_OF_WEEK, 1);
            case 'F' -> builder.append(compile("%Y-%m-%d"));
            case 'T' -> builder.append(compile("%H:%M:%S"));
            case 'D' -> builder.append(compile("%m/%d/%y"));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void number(DateTimeFormatterBuilder builder, ChronoField field, int width, boolean unpadded) {
        if (unpadded) {
            builder.appendValue(field);
        } else {
            builder.appendValue(field, width);
        }
    }
}
