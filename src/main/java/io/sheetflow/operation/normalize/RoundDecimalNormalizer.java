package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.CellNumbers;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code round_decimal}: numbers rounded to {@code decimals} places (negative: tens, hundreds...), half away from
 * zero on the decimal value as spreadsheets round ({@code 2.675} is {@code 2.68}). Whole numbers stay whole;
 * values that are not numbers become empty.
 */
final class RoundDecimalNormalizer implements Normalizer {

    private final int decimals;

    RoundDecimalNormalizer(int decimals) {
        this.decimals = decimals;
    }

    @Override
    public Object apply(Object value) {
        if (value instanceof Long whole) {
            return decimals >= 0 ? whole : BigDecimal.valueOf(whole).setScale(decimals, RoundingMode.HALF_UP)
                    .longValue();
        }
        Double x = CellNumbers.toDouble(value);
        if (x == null) {
            return null;
        }
        return BigDecimal.valueOf(x).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    @Override
    public String emptiedWarning(String column, long count) {
        return NumericWarnings.notNumbers("round_decimal", column, count);
    }
}
