package io.sheetflow.operation.excel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.micronaut.context.annotation.Value;
import io.sheetflow.operation.ColumnIndexes;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.cells.JsonCells;
import io.sheetflow.sheet.ColumnType;
import io.sheetflow.sheet.ColumnTypeInference;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code excel/extract-columns}: the values of chosen columns returned inline in the step result, with counts,
 * the column type and, for numeric columns, statistics. No file is written. Because the values travel in the
 * result, inputs of more than {@link #maxRows()} data rows are refused (use {@code excel/extract-columns-to-file}).
 */
@Singleton
public class ExtractColumnsOperation implements Operation<ExtractColumnsOperation.Arguments> {

    public static final String NAME = "excel/extract-columns";
    /** The default row cap; configurable with {@code sheetflow.operations.extract-columns.max-rows}. */
    public static final long DEFAULT_MAX_ROWS = 100_000;

    /**
     * @param columns           the columns to return, in result order (required, non-empty)
     * @param removeDuplicates  per column, distinct non-empty values in first-seen order instead of every value
     * @param includeStatistics mean, median, min, max and std for numeric columns
     * @param sheetName         the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(
            @ColumnArgument(ColumnArgument.Shape.NAMES)
            @JsonProperty("columns")
            @JsonPropertyDescription("Required. The names of the columns to return, as in the header row, in the"
                    + " order they should appear in the result. Each name once; unknown names fail the step.")
            List<String> columns,
            @JsonProperty(value = "remove_duplicates", defaultValue = "false")
            @JsonPropertyDescription("When true, each column's values are its distinct non-empty values in the"
                    + " order first seen (deduplicated per column, not per row). Default false: every value, empty"
                    + " cells as null.")
            Boolean removeDuplicates,
            @JsonProperty(value = "include_statistics", defaultValue = "true")
            @JsonPropertyDescription("When true (the default), numeric columns also report statistics: mean,"
                    + " median, min, max and std (sample standard deviation).")
            Boolean includeStatistics,
            @JsonProperty("sheet_name")
            @JsonPropertyDescription("The worksheet to read when the input is a workbook; the first sheet when"
                    + " absent. Ignored for CSV.")
            String sheetName) {
        public Arguments {
            columns = columns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(columns));
            removeDuplicates = Boolean.TRUE.equals(removeDuplicates);
            includeStatistics = !Boolean.FALSE.equals(includeStatistics);
            if (sheetName != null && sheetName.isBlank()) {
                sheetName = null;
            }
        }
    }

    private final long maxRows;

    public ExtractColumnsOperation() {
        this(DEFAULT_MAX_ROWS);
    }

    @Inject
    public ExtractColumnsOperation(@Value("${sheetflow.operations.extract-columns.max-rows:100000}") long maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("sheetflow.operations.extract-columns.max-rows must be positive");
        }
        this.maxRows = maxRows;
    }

    /** The most data rows an input may have. */
    public long maxRows() {
        return maxRows;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Returns the values of the chosen columns in the result, with counts, types and statistics of"
                + " numeric columns (up to " + String.format(Locale.ROOT, "%,d", maxRows) + " rows).";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        ExtractionColumns.validate(arguments.columns());
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        List<String> columns = arguments.columns();
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            int[] indexes = ColumnIndexes.require(reader.header(), columns, "Columns not found in data: ");
            ColumnValues[] values = new ColumnValues[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = new ColumnValues(arguments.removeDuplicates());
            }
            ColumnTypeInference types = new ColumnTypeInference(columns.size());
            Object[] extracted = new Object[columns.size()];
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rows = 0;
            for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                if (++rows > maxRows) {
                    throw new OperationFailedException(String.format(Locale.ROOT, "%s returns values inline; use"
                            + " excel/extract-columns-to-file for more than %,d rows", NAME, maxRows));
                }
                for (int i = 0; i < indexes.length; i++) {
                    extracted[i] = row[indexes[i]];
                    values[i].accept(extracted[i]);
                }
                types.accept(extracted);
                progress.rowDone(rows);
            }
            progress.finished(rows);

            Map<String, Object> info = new LinkedHashMap<>();
            info.put("total_rows", rows);
            info.put("extracted_columns", columns);
            info.put("remove_duplicates", arguments.removeDuplicates());
            Map<String, Object> byColumn = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                ColumnType type = types.type(i);
                boolean numeric = type == ColumnType.INTEGER || type == ColumnType.NUMBER;
                byColumn.put(columns.get(i), values[i].describe(rows, type,
                        arguments.includeStatistics() && numeric));
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("extraction_info", info);
            data.put("columns", byColumn);
            // Pycelize Studio's extraction page reads these two (Pycelize itself never sent them, so the page
            // crashed there).
            data.put("total_rows", rows);
            data.put("rows_extracted", rows);
            return StepResult.of(data);
        }
    }

    /**
     * One column's values (all of them, or the distinct ones) and its numbers. Statistics are over every numeric
     * value, duplicates included, also when only distinct values are returned (as Pycelize computes them).
     */
    private static final class ColumnValues {
        private static final int SAMPLE_VALUES = 5;
        private final boolean distinctOnly;
        private final List<Object> all;
        private final Set<Object> distinct = new LinkedHashSet<>();
        private double[] numbers = new double[64];
        private int numberCount;
        private Object min;
        private Object max;
        private long nulls;

        ColumnValues(boolean distinctOnly) {
            this.distinctOnly = distinctOnly;
            this.all = distinctOnly ? null : new ArrayList<>();
        }

        void accept(Object value) {
            if (all != null) {
                all.add(value);
            }
            if (value == null) {
                nulls++;
                return;
            }
            distinct.add(value);
            if (value instanceof Long || value instanceof Double) {
                double number = ((Number) value).doubleValue();
                if (numberCount == numbers.length) {
                    numbers = Arrays.copyOf(numbers, numberCount * 2);
                }
                numbers[numberCount++] = number;
                if (min == null || number < ((Number) min).doubleValue()) {
                    min = value;
                }
                if (max == null || number > ((Number) max).doubleValue()) {
                    max = value;
                }
            }
        }

        Map<String, Object> describe(long rows, ColumnType type, boolean withStatistics) {
            List<Object> values = new ArrayList<>(distinctOnly ? distinct.size() : all.size());
            for (Object value : distinctOnly ? distinct : all) {
                values.add(JsonCells.toJson(value));
            }
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("values", values);
            column.put("value_count", values.size());
            column.put("total_count", rows);
            column.put("non_null_count", rows - nulls);
            column.put("null_count", nulls);
            column.put("unique_count", distinct.size());
            column.put("data_type", type.jsonName());
            // Pycelize Studio's names for the count and for the values it shows.
            column.put("count", values.size());
            column.put("sample_values",
                    values.stream().filter(java.util.Objects::nonNull).limit(SAMPLE_VALUES).toList());
            if (withStatistics) {
                column.put("statistics", statistics());
            }
            return column;
        }

        /** Mean, median, min, max and the sample standard deviation (null below two values), like pandas. */
        private Map<String, Object> statistics() {
            double mean = 0;
            double m2 = 0;
            for (int i = 0; i < numberCount; i++) {
                double delta = numbers[i] - mean;
                mean += delta / (i + 1);
                m2 += delta * (numbers[i] - mean);
            }
            double[] sorted = Arrays.copyOf(numbers, numberCount);
            Arrays.sort(sorted);
            int middle = numberCount / 2;
            double median = numberCount % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
            Map<String, Object> statistics = new LinkedHashMap<>();
            statistics.put("mean", mean);
            statistics.put("median", median);
            statistics.put("min", min);
            statistics.put("max", max);
            statistics.put("std", numberCount > 1 ? Math.sqrt(m2 / (numberCount - 1)) : null);
            return statistics;
        }
    }
}
