package io.sheetflow.operation.normalize;

import java.util.Set;

/**
 * One normalization type, configured with its parameters: a function of one cell, typed in and out (numbers stay
 * numbers, dates stay dates, empty is null). Instances are made per run and used by one thread.
 */
public interface Normalizer {

    /**
     * The normalized value of one cell. An empty text result is stored as an empty cell (null).
     *
     * @throws io.sheetflow.operation.cells.BoundedRegex.TimeoutException when a user pattern runs too long
     */
    Object apply(Object value);

    /** The column statistics this normalizer needs before its first {@link #apply}; none by default. */
    default Set<ColumnStatistics.Need> statisticsNeeded() {
        return Set.of();
    }

    /**
     * Receives the statistics of the values this normalizer will see (once, before the first {@link #apply}).
     *
     * @return a warning for the report (e.g. the column has no numbers), or null
     */
    default String prepare(ColumnStatistics statistics) {
        return null;
    }

    /**
     * The report warning when this normalizer turned {@code count} non-empty values into empty ones, or null when
     * that needs no warning (e.g. trimming a value of only spaces).
     */
    default String emptiedWarning(String column, long count) {
        return null;
    }

    /** A normalizer that drops rows rather than changing values ({@code remove_duplicates}). */
    interface RowFilter extends Normalizer {

        /** True when a row with this value stays. */
        boolean keep(Object value);

        /** Forgets the values seen, before another pass over the rows. */
        void reset();

        @Override
        default Object apply(Object value) {
            return value;
        }
    }
}
