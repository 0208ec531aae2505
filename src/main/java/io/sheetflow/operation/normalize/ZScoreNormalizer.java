package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.CellNumbers;

import java.util.Set;

/**
 * {@code z_score}: {@code (x - mean) / std} with the sample standard deviation; when it is 0 (or undefined, for a
 * single number) {@code x - mean}. Values that are not numbers become empty.
 */
final class ZScoreNormalizer implements Normalizer {

    private double mean;
    private double std;

    @Override
    public Set<ColumnStatistics.Need> statisticsNeeded() {
        return Set.of(ColumnStatistics.Need.MOMENTS);
    }

    @Override
    public String prepare(ColumnStatistics statistics) {
        mean = statistics.mean();
        std = statistics.sampleStd();
        return null;
    }

    @Override
    public Object apply(Object value) {
        Double x = CellNumbers.toDouble(value);
        if (x == null) {
            return null;
        }
        return std == 0 || Double.isNaN(std) ? x - mean : (x - mean) / std;
    }

    @Override
    public String emptiedWarning(String column, long count) {
        return NumericWarnings.notNumbers("z_score", column, count);
    }
}
