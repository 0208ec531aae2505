package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.CellNumbers;

import java.util.Set;

/**
 * {@code min_max_scale}: {@code (x - min) / (max - min)} over the column's numbers; values that are not numbers
 * become empty. A constant column (max = min) is left unchanged, as in Pycelize.
 */
final class MinMaxScaleNormalizer implements Normalizer {

    private double min;
    private double max;

    @Override
    public Set<ColumnStatistics.Need> statisticsNeeded() {
        return Set.of(ColumnStatistics.Need.MOMENTS);
    }

    @Override
    public String prepare(ColumnStatistics statistics) {
        min = statistics.min();
        max = statistics.max();
        return null;
    }

    @Override
    public Object apply(Object value) {
        if (max == min) {
            return value;
        }
        Double x = CellNumbers.toDouble(value);
        return x == null ? null : (x - min) / (max - min);
    }

    @Override
    public String emptiedWarning(String column, long count) {
        return NumericWarnings.notNumbers("min_max_scale", column, count);
    }
}
