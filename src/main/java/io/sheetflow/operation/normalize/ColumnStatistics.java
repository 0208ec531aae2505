package io.sheetflow.operation.normalize;

import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.cells.CellNumbers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Statistics of one column's values, gathered in a streaming pass before the normalizers that need them run.
 * Numbers are the cells {@link CellNumbers#toDouble} accepts (number cells and numeric text). Only what the
 * normalizer needs is kept: running moments always, the numbers themselves for quantiles, value counts for the
 * mode.
 */
public final class ColumnStatistics {

    /** What a normalizer needs besides count, mean, standard deviation, min and max (always kept). */
    public enum Need {
        /** Count, mean, sample standard deviation, min, max. */
        MOMENTS,
        /** Medians and quartiles: every number is kept (8 bytes each). */
        QUANTILES,
        /** The most frequent value: a count per distinct value, up to {@link #MAX_MODE_VALUES}. */
        MODE
    }

    /** Distinct values the mode is computed over at most; beyond, the step fails rather than exhaust memory. */
    static final int MAX_MODE_VALUES = 250_000;

    private final String column;
    private long numericCount;
    private double mean;
    private double m2;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double[] numbers;
    private int numbersSize;
    private boolean sorted;
    private final Map<Object, long[]> counts;
    private Object mode;
    private long modeCount;

    ColumnStatistics(String column, Set<Need> needs) {
        this.column = column;
        this.numbers = needs.contains(Need.QUANTILES) ? new double[1024] : null;
        this.counts = needs.contains(Need.MODE) ? new HashMap<>() : null;
    }

    void accept(Object value) {
        if (value == null) {
            return;
        }
        if (counts != null) {
            countForMode(value);
        }
        Double number = CellNumbers.toDouble(value);
        if (number == null) {
            return;
        }
        double x = number;
        numericCount++;
        double delta = x - mean;
        mean += delta / numericCount;
        m2 += delta * (x - mean);
        if (numericCount == 1 || x < min) {
            min = x;
        }
        if (numericCount == 1 || x > max) {
            max = x;
        }
        if (numbers != null) {
            if (numbersSize == numbers.length) {
                numbers = Arrays.copyOf(numbers, numbersSize * 2);
            }
            numbers[numbersSize++] = x;
        }
    }

    /** Ties go to the value that reached the highest count first. */
    private void countForMode(Object value) {
        long[] count = counts.get(value);
        if (count == null) {
            if (counts.size() >= MAX_MODE_VALUES) {
                throw new OperationFailedException(String.format(Locale.ROOT, "Column '%s' has more than %,d"
                        + " distinct values; fill_null_values with method 'mode' supports at most that many",
                        column, MAX_MODE_VALUES));
            }
            count = new long[1];
            counts.put(value, count);
        }
        count[0]++;
        if (count[0] > modeCount) {
            modeCount = count[0];
            mode = value;
        }
    }

    /** Numeric values seen. */
    public long numericCount() {
        return numericCount;
    }

    public double mean() {
        return numericCount == 0 ? Double.NaN : mean;
    }

    /** The sample standard deviation (n - 1), as pandas computes it; NaN below two values. */
    public double sampleStd() {
        return numericCount < 2 ? Double.NaN : Math.sqrt(m2 / (numericCount - 1));
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /**
     * The {@code q} quantile with linear interpolation between the closest values (pandas' default); NaN when
     * there are no numbers. Needs {@link Need#QUANTILES}.
     */
    public double quantile(double q) {
        if (numbers == null) {
            throw new IllegalStateException("quantiles were not collected");
        }
        if (numbersSize == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(numbers, 0, numbersSize);
            sorted = true;
        }
        double position = (numbersSize - 1) * q;
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, numbersSize - 1);
        return numbers[below] + (numbers[above] - numbers[below]) * (position - below);
    }

    public double median() {
        return quantile(0.5);
    }

    /** The most frequent non-empty value, of any type; null when every value was empty. Needs {@link Need#MODE}. */
    public Object mode() {
        if (counts == null) {
            throw new IllegalStateException("value counts were not collected");
        }
        return mode;
    }
}
