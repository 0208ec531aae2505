package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.DateTexts;

import java.time.LocalDateTime;
import java.time.temporal.ChronoField;

/**
 * {@code date_extract_year}, {@code date_extract_month}, {@code date_extract_day}: that part of a date (date cells
 * or date text) as a whole number. Values that are not dates become empty.
 */
final class DatePartNormalizer implements Normalizer {

    private final String type;
    private final ChronoField part;

    DatePartNormalizer(String type, ChronoField part) {
        this.type = type;
        this.part = part;
    }

    @Override
    public Object apply(Object value) {
        LocalDateTime dateTime = DateTexts.toDateTime(value);
        return dateTime == null ? null : (long) dateTime.get(part);
    }

    @Override
    public String emptiedWarning(String column, long count) {
        return NumericWarnings.notDates(type, column, count);
    }
}
