package io.sheetflow.operation.normalize;

import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.cells.BoundedRegex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The requested normalizations as stages applied, in request order, to each row: a row is a working copy of the
 * input row plus the backup ({@code <column>_original}) columns. Every stage changes one cell, except
 * {@code remove_duplicates}, which may drop the row.
 *
 * <p>Normalizations that need column statistics ({@code min_max_scale}, {@code z_score}, {@code outlier_removal},
 * {@code fill_null_values} by mean, median or mode) need them over the values as they reach that stage, after the
 * stages before it and over the rows those kept. So the rows are streamed once per "level" first: a statistics
 * pass applies the stages it can and feeds the collectors of the stages whose statistics are missing; a cell whose
 * statistics stage has not been prepared yet blocks the later stages of its column (and a later
 * {@code remove_duplicates} on it, the rest of the row). Usually there is one statistics pass, or none; the last
 * pass applies everything and writes. The table is never held in memory.
 */
final class NormalizationPlan {

    /** One requested normalization of a column present in the data. */
    static final class Stage {
        final int order;
        final String column;
        final String type;
        final int position;
        final Normalizer normalizer;
        final ValueProfile before = new ValueProfile();
        final ValueProfile after = new ValueProfile();
        ColumnStatistics collector;
        boolean prepared;
        long emptied;

        Stage(int order, String column, String type, int position, Normalizer normalizer) {
            this.order = order;
            this.column = column;
            this.type = type;
            this.position = position;
            this.normalizer = normalizer;
            this.prepared = normalizer.statisticsNeeded().isEmpty();
        }

        boolean dropsRows() {
            return normalizer instanceof Normalizer.RowFilter;
        }
    }

    private final List<String> header;
    private final int inputWidth;
    private final int[] backupSources;
    private final List<Stage> stages;
    private final List<List<Stage>> statisticsPasses;
    private final boolean[] blocked;

    /**
     * @param header        the output header: the input's columns, then the backup columns
     * @param inputWidth    how many of them come from the input
     * @param backupSources for each backup column, the input column it copies
     */
    NormalizationPlan(List<String> header, int inputWidth, int[] backupSources, List<Stage> stages) {
        this.header = List.copyOf(header);
        this.inputWidth = inputWidth;
        this.backupSources = backupSources.clone();
        this.stages = List.copyOf(stages);
        this.blocked = new boolean[header.size()];
        this.statisticsPasses = schedule(this.stages, header.size());
    }

    /** Which stages collect their statistics in which pass; decided from the stages alone, before reading. */
    private static List<List<Stage>> schedule(List<Stage> stages, int width) {
        List<List<Stage>> passes = new ArrayList<>();
        boolean[] ready = new boolean[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            ready[i] = stages.get(i).prepared;
        }
        while (true) {
            List<Stage> collecting = new ArrayList<>();
            boolean[] blockedColumns = new boolean[width];
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                if (blockedColumns[stage.position]) {
                    if (stage.dropsRows()) {
                        break;
                    }
                    continue;
                }
                if (!ready[i]) {
                    collecting.add(stage);
                    blockedColumns[stage.position] = true;
                }
            }
            if (collecting.isEmpty()) {
                return List.copyOf(passes);
            }
            for (Stage stage : collecting) {
                ready[stages.indexOf(stage)] = true;
            }
            passes.add(List.copyOf(collecting));
        }
    }

    List<String> header() {
        return header;
    }

    List<Stage> stages() {
        return stages;
    }

    /** The statistics passes needed before the final one, each listing the stages it collects for. */
    List<List<Stage>> statisticsPasses() {
        return statisticsPasses;
    }

    /** The input row widened with the backup columns, which hold the original input values. */
    Object[] workingRow(Object[] row) {
        Object[] work = Arrays.copyOf(row, header.size());
        for (int k = 0; k < backupSources.length; k++) {
            work[inputWidth + k] = row[backupSources[k]];
        }
        return work;
    }

    /** Starts a pass: the {@code remove_duplicates} stages forget what they saw. */
    void startPass(List<Stage> collecting) {
        for (Stage stage : stages) {
            if (stage.normalizer instanceof Normalizer.RowFilter filter) {
                filter.reset();
            }
        }
        for (Stage stage : collecting) {
            stage.collector = new ColumnStatistics(stage.column, stage.normalizer.statisticsNeeded());
        }
    }

    /** A statistics pass over one row: applies what it can and feeds the collecting stages. */
    void collect(Object[] work, long rowNumber) {
        Arrays.fill(blocked, false);
        for (Stage stage : stages) {
            if (blocked[stage.position]) {
                if (stage.dropsRows()) {
                    return;
                }
                continue;
            }
            if (!stage.prepared) {
                if (stage.collector != null) {
                    stage.collector.accept(work[stage.position]);
                }
                blocked[stage.position] = true;
                continue;
            }
            Object value = work[stage.position];
            if (stage.normalizer instanceof Normalizer.RowFilter filter && !filter.keep(value)) {
                return;
            }
            work[stage.position] = apply(stage, value, rowNumber);
        }
    }

    /**
     * Ends a statistics pass: the collecting stages receive their statistics.
     *
     * @return the warnings they gave
     */
    List<String> finishPass(List<Stage> collecting) {
        List<String> warnings = new ArrayList<>();
        for (Stage stage : collecting) {
            String warning = stage.normalizer.prepare(stage.collector);
            if (warning != null) {
                warnings.add(warning);
            }
            stage.collector = null;
            stage.prepared = true;
        }
        return warnings;
    }

    /**
     * The final pass over one row: every stage, with the before/after statistics of the report.
     *
     * @return false when a {@code remove_duplicates} stage dropped the row
     */
    boolean normalize(Object[] work, long rowNumber) {
        for (Stage stage : stages) {
            Object value = work[stage.position];
            stage.before.accept(value);
            if (stage.normalizer instanceof Normalizer.RowFilter filter && !filter.keep(value)) {
                return false;
            }
            Object normalized = apply(stage, value, rowNumber);
            if (value != null && normalized == null) {
                stage.emptied++;
            }
            work[stage.position] = normalized;
            stage.after.accept(normalized);
        }
        return true;
    }

    private static Object apply(Stage stage, Object value, long rowNumber) {
        Object normalized;
        try {
            normalized = stage.normalizer.apply(value);
        } catch (BoundedRegex.TimeoutException e) {
            throw new OperationFailedException(stage.type + " on column '" + stage.column + "' was stopped: its"
                    + " pattern took longer than " + BoundedRegex.DEFAULT_BUDGET_MILLIS + " ms on data row "
                    + rowNumber + " (catastrophic backtracking); simplify the pattern");
        }
        return normalized instanceof String text && text.isEmpty() ? null : normalized;
    }

    /** The warnings about values the stages emptied, in request order. */
    List<String> emptiedWarnings() {
        List<String> warnings = new ArrayList<>();
        for (Stage stage : stages) {
            if (stage.emptied > 0) {
                String warning = stage.normalizer.emptiedWarning(stage.column, stage.emptied);
                if (warning != null) {
                    warnings.add(warning);
                }
            }
        }
        return warnings;
    }
}
