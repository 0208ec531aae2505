package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.CellNumbers;

/**
 * {@code integer_convert}: whole numbers, truncating toward zero ({@code "1.26"} is 1); as in Pycelize, values
 * that are not numbers, empty cells included, become 0 ({@code "abc"} is 0). Booleans are 1 and 0.
 */
final class IntegerConvertNormalizer implements Normalizer {

    @Override
    public Object apply(Object value) {
        if (value instanceof Long) {
            return value;
        }
        if (value instanceof Boolean bool) {
            return bool ? 1L : 0L;
        }
        Double x = CellNumbers.toDouble(value);
        return x == null ? 0L : (long) x.doubleValue();
    }
}
