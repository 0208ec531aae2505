package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.CellNumbers;

import java.util.Set;

/**
 * {@code outlier_removal}: numbers outside {@code [Q1 - multiplier * IQR, Q3 + multiplier * IQR]} (quartiles with
 * linear interpolation, as pandas) become empty; other values are left as they are.
 */
final class OutlierRemovalNormalizer implements Normalizer {

    private final double multiplier;
    private final String column;
    private double lower = Double.NEGATIVE_INFINITY;
    private double upper = Double.POSITIVE_INFINITY;

    OutlierRemovalNormalizer(double multiplier, String column) {
        this.multiplier = multiplier;
        this.column = column;
    }

    @Override
    public Set<ColumnStatistics.Need> statisticsNeeded() {
        return Set.of(ColumnStatistics.Need.QUANTILES);
    }

    @Override
    public String prepare(ColumnStatistics statistics) {
        if (statistics.numericCount() == 0) {
            return "outlier_removal on column '" + column + "': the column has no numbers; nothing was removed";
        }
        double q1 = statistics.quantile(0.25);
        double q3 = statistics.quantile(0.75);
        double iqr = q3 - q1;
        lower = q1 - multiplier * iqr;
        upper = q3 + multiplier * iqr;
        return null;
    }

    @Override
    public Object apply(Object value) {
        Double x = CellNumbers.toDouble(value);
        return x != null && (x < lower || x > upper) ? null : value;
    }

    @Override
    public String emptiedWarning(String column, long count) {
        return "outlier_removal on column '" + column + "': " + count + (count == 1 ? " outlier was" : " outliers were")
                + " removed (left empty)";
    }
}
