package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.CellNumbers;

import java.util.Locale;
import java.util.Set;

/**
 * {@code fill_null_values}: empty cells filled with {@code value} ({@code method} {@code value}), or with the mean or
 * median of the column's numbers, or its most frequent value ({@code mean}, {@code median}, {@code mode}).
 */
final class FillNullValuesNormalizer implements Normalizer {

    enum Method {
        VALUE, MEAN, MEDIAN, MODE
    }

    private final Method method;
    private final String column;
    private Object fill;

    FillNullValuesNormalizer(Method method, Object value, String column) {
        this.method = method;
        this.fill = value;
        this.column = column;
    }

    @Override
    public Set<ColumnStatistics.Need> statisticsNeeded() {
        return switch (method) {
            case VALUE -> Set.of();
            case MEAN -> Set.of(ColumnStatistics.Need.MOMENTS);
            case MEDIAN -> Set.of(ColumnStatistics.Need.QUANTILES);
            case MODE -> Set.of(ColumnStatistics.Need.MODE);
        };
    }

    @Override
    public String prepare(ColumnStatistics statistics) {
        fill = switch (method) {
            case VALUE -> fill;
            case MEAN -> CellNumbers.cell(statistics.mean());
            case MEDIAN -> CellNumbers.cell(statistics.median());
            case MODE -> statistics.mode();
        };
        if (fill == null && method != Method.VALUE) {
            return "fill_null_values on column '" + column + "': the column has no "
                    + (method == Method.MODE ? "values" : "numbers") + " to take the "
                    + method.name().toLowerCase(Locale.ROOT) + " of; empty cells stay empty";
        }
        return null;
    }

    @Override
    public Object apply(Object value) {
        return value == null ? fill : value;
    }
}
