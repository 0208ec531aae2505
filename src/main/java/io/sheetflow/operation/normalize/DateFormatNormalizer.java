package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.DateTexts;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code date_format} and {@code datetime_format} (the same behaviour, different default formats): dates read from
 * date cells or, value by value, from date text ({@link DateTexts}), written as text in a {@code strftime} format.
 * Values that are not dates become empty.
 */
final class DateFormatNormalizer implements Normalizer {

    private final String type;
    private final DateTimeFormatter formatter;

    DateFormatNormalizer(String type, DateTimeFormatter formatter) {
        this.type = type;
        this.formatter = formatter;
    }

    @Override
    public Object apply(Object value) {
        LocalDateTime dateTime = DateTexts.toDateTime(value);
        return dateTime == null ? null : formatter.format(dateTime);
    }

    @Override
    public String emptiedWarning(String column, long count) {
        return NumericWarnings.notDates(type, column, count);
    }
}
