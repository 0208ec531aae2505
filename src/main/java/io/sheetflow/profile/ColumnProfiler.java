package io.sheetflow.profile;

import io.sheetflow.file.FilePreview;
import io.sheetflow.sheet.DistinctCounter;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers one column's {@link ColumnProfile} as cells stream by, in bounded memory: counters per kind of cell, a
 * {@link DistinctCounter} and a {@link FrequentValues} of fixed capacity.
 *
 * <p>The inferred type is the kind most non-blank cells have (numbers, booleans, dates, text; ties go to text,
 * then dates, then numbers): {@code integer} when every number is whole, {@code number} otherwise, and
 * {@code date} for dates and date-times. Cells of other kinds are {@code mismatched}; text accepts every cell, so a
 * text column has none.
 */
final class ColumnProfiler {

    static final int TOP_VALUES = 10;

    private final String name;
    private final DistinctCounter distinct = new DistinctCounter();
    private final FrequentValues frequent;
    private long blank;
    private long integers;
    private long decimals;
    private long booleans;
    private long dates;
    private long texts;
    private double minNumber = Double.POSITIVE_INFINITY;
    private double maxNumber = Double.NEGATIVE_INFINITY;
    private long minInteger = Long.MAX_VALUE;
    private long maxInteger = Long.MIN_VALUE;
    private LocalDateTime minDate;
    private LocalDateTime maxDate;

    ColumnProfiler(String name, int trackedValues) {
        this.name = name;
        this.frequent = new FrequentValues(trackedValues);
    }

    void accept(Object value) {
        if (value == null) {
            blank++;
            return;
        }
        if (value instanceof String text) {
            if (text.isBlank()) {
                blank++;
                return;
            }
            texts++;
        } else if (value instanceof Long number) {
            integers++;
            minInteger = Math.min(minInteger, number);
            maxInteger = Math.max(maxInteger, number);
            number(number);
        } else if (value instanceof Double number) {
            decimals++;
            if (!number.isNaN()) {
                number(number);
            }
        } else if (value instanceof Boolean) {
            booleans++;
        } else if (value instanceof LocalDate date) {
            dates++;
            date(date.atStartOfDay());
        } else if (value instanceof LocalDateTime dateTime) {
            dates++;
            date(dateTime);
        } else {
            texts++;
        }
        distinct.add(value);
        frequent.add(value);
    }

    private void number(double x) {
        if (x < minNumber) {
            minNumber = x;
        }
        if (x > maxNumber) {
            maxNumber = x;
        }
    }

    private void date(LocalDateTime x) {
        if (minDate == null || x.isBefore(minDate)) {
            minDate = x;
        }
        if (maxDate == null || x.isAfter(maxDate)) {
            maxDate = x;
        }
    }

    ColumnProfile finish() {
        long count = integers + decimals + booleans + dates + texts;
        long numbers = integers + decimals;
        String type;
        long fitting;
        Object min = null;
        Object max = null;
        if (count == 0) {
            type = "empty";
            fitting = 0;
        } else if (texts >= numbers && texts >= dates && texts >= booleans) {
            type = "text";
            fitting = count;
        } else if (dates >= numbers && dates >= booleans) {
            type = "date";
            fitting = dates;
            min = dateValue(minDate);
            max = dateValue(maxDate);
        } else if (numbers >= booleans) {
            type = decimals == 0 ? "integer" : "number";
            fitting = numbers;
            if (decimals == 0) {
                min = minInteger;
                max = maxInteger;
            } else if (minNumber <= maxNumber) {
                min = minNumber;
                max = maxNumber;
            }
        } else {
            type = "boolean";
            fitting = booleans;
        }
        List<Map<String, Object>> top = frequent.top(TOP_VALUES).stream().map(e -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("value", FilePreview.jsonCell(e.value()));
            item.put("count", e.count());
            return item;
        }).toList();
        return new ColumnProfile(name, type, count, blank, count - fitting, distinct.count(), !distinct.estimated(),
                min, max, top, frequent.exact());
    }

    /** A date without a time of day is reported as a date. */
    private static Object dateValue(LocalDateTime x) {
        return x.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? x.toLocalDate().toString() : x.toString();
    }
}
