package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.CellNumbers;

/**
 * {@code currency_format}: an amount written as text to a number: every character but digits, {@code .} and
 * {@code -} removed, then read as a number ({@code "$1,200.50"} is 1200.5, {@code "€30"} is 30). Number cells stay;
 * text that leaves no number becomes empty.
 */
final class CurrencyFormatNormalizer implements Normalizer {

    @Override
    public Object apply(Object value) {
        if (value == null || value instanceof Long || value instanceof Double) {
            return value;
        }
        String text = value.toString();
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' || c == '.' || c == '-') {
                kept.append(c);
            }
        }
        return kept.isEmpty() ? null : CellNumbers.parse(kept.toString());
    }

    @Override
    public String emptiedWarning(String column, long count) {
        return NumericWarnings.notNumbers("currency_format", column, count);
    }
}
