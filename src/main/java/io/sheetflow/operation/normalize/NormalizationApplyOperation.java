package io.sheetflow.operation.normalize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.BackgroundTableWriter;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code normalization/apply}: normalizations applied column by column, in request order, to a typed copy of the
 * table ({@code <input>_normalized.xlsx}, plus the Info sheet), with Pycelize's report as the result. Types
 * and parameters are checked before the run; a column missing from the data is a warning. Normalizations that
 * need column statistics cost one more streaming pass over the input (see {@link NormalizationPlan}).
 */
@Singleton
public class NormalizationApplyOperation implements Operation<NormalizationApplyOperation.Arguments> {

    public static final String NAME = "normalization/apply";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One requested normalization.
     *
     * @param columnName        the column to normalize (required)
     * @param normalizationType one of {@link NormalizationTypes#names()}, any case (required)
     * @param parameters        the type's parameters; absent ones take their defaults
     * @param backupOriginal    also keep the original values in a {@code <column>_original} column
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Normalization(
            @ColumnArgument(ColumnArgument.Shape.NAME)
            @JsonProperty("column_name")
            @JsonPropertyDescription("Required. The column to normalize, as in the header row. A column missing"
                    + " from the data is skipped with a warning in the report.")
            String columnName,
            @JsonProperty("normalization_type")
            @JsonPropertyDescription("Required. The normalization, e.g. trim_whitespace or date_format (any case);"
                    + " see GET /api/v1/normalization/types for every type and its parameters.")
            String normalizationType,
            @JsonProperty("parameters")
            @JsonPropertyDescription("The type's parameters as an object, e.g. {\"decimals\": 1} for"
                    + " round_decimal. Absent parameters take their defaults; unknown ones are refused.")
            Map<String, JsonNode> parameters,
            @JsonProperty(value = "backup_original", defaultValue = "false")
            @JsonPropertyDescription("When true, the output also keeps the column's original input values in a new"
                    + " column named <column>_original, after the input's columns. Default false.")
            Boolean backupOriginal) {
        public Normalization {
            parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            backupOriginal = Boolean.TRUE.equals(backupOriginal);
        }
    }

    /**
     * @param normalizations the normalizations, applied in this order (required, non-empty)
     * @param returnReport   include the full report in the result (default true)
     * @param sheetName      the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(
            @JsonProperty("normalizations")
            @JsonPropertyDescription("Required, non-empty. The normalizations to apply, in order; several may"
                    + " apply to the same column, each to the result of the one before.")
            List<Normalization> normalizations,
            @JsonProperty(value = "return_report", defaultValue = "true")
            @JsonPropertyDescription("When true (the default) the result is the full report: requested"
                    + " normalizations, before/after statistics per normalization, errors and warnings. When false"
                    + " only counts, warnings and the output file.")
            Boolean returnReport,
            @JsonProperty("sheet_name")
            @JsonPropertyDescription("The worksheet to read when the input is a workbook; the first sheet when"
                    + " absent. Ignored for CSV.")
            String sheetName) {
        public Arguments {
            normalizations = normalizations == null ? List.of()
                    : Collections.unmodifiableList(new ArrayList<>(normalizations));
            returnReport = !Boolean.FALSE.equals(returnReport);
            if (sheetName != null && sheetName.isBlank()) {
                sheetName = null;
            }
        }
    }

    /** A checked request: its type and a normalizer made from its parameters. */
    private record Prepared(Normalization request, NormalizationType type, Normalizer normalizer) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Normalizes columns (case, white space, phone numbers, numbers, dates, booleans, patterns, missing"
                + " values, outliers, duplicates) into a new Excel file and reports before/after statistics.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        prepare(arguments);
    }

    /** Checks every request and makes its normalizer (fresh ones per run: they hold statistics and state). */
    private static List<Prepared> prepare(Arguments arguments) {
        if (arguments.normalizations().isEmpty()) {
            throw new InvalidArgumentException("normalizations", "No normalization configurations provided");
        }
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < arguments.normalizations().size(); i++) {
            String field = "normalizations[" + i + "]";
            Normalization request = arguments.normalizations().get(i);
            if (request == null) {
                throw new InvalidArgumentException(field, "Normalization " + (i + 1) + " must be an object");
            }
            if (request.columnName() == null || request.columnName().isEmpty()) {
                throw new InvalidArgumentException(field + ".column_name", "Normalization " + (i + 1)
                        + ": column_name is required");
            }
            if (request.normalizationType() == null || request.normalizationType().isBlank()) {
                throw new InvalidArgumentException(field + ".normalization_type", "Normalization " + (i + 1)
                        + ": normalization_type is required");
            }
            NormalizationType type = NormalizationTypes.find(request.normalizationType()).orElseThrow(() ->
                    new InvalidArgumentException(field + ".normalization_type", "Invalid normalization type: '"
                            + request.normalizationType() + "'. Valid types are: "
                            + String.join(", ", NormalizationTypes.names())));
            Normalizer normalizer = NormalizationTypes.create(type, request.parameters(), request.columnName(),
                    field);
            prepared.add(new Prepared(request, type, normalizer));
        }
        return prepared;
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        String startedAt = Instant.now().toString();
        List<Prepared> prepared = prepare(arguments);
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        ReadOptions readOptions = ReadOptions.sheet(arguments.sheetName());
        List<Map<String, Object>> warnings = new ArrayList<>();
        TableReader reader = TableReaders.open(input.path(), format, readOptions);
        try {
            NormalizationPlan plan = plan(reader.header(), prepared, warnings);
            List<List<NormalizationPlan.Stage>> statisticsPasses = plan.statisticsPasses();
            int passes = statisticsPasses.size() + 1;
            PassProgress progress = new PassProgress(context.progress(), passes);
            for (List<NormalizationPlan.Stage> collecting : statisticsPasses) {
                if (reader == null) {
                    reader = TableReaders.open(input.path(), format, readOptions);
                }
                context.progress().message("Reading column statistics (pass " + (progress.pass + 1) + " of "
                        + passes + ")");
                plan.startPass(collecting);
                long rows = 0;
                for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                    plan.collect(plan.workingRow(row), ++rows);
                    progress.rowDone(rows, reader);
                }
                for (String warning : plan.finishPass(collecting)) {
                    warnings.add(entry(warning));
                }
                progress.passDone(rows);
                reader.close();
                reader = null;
            }
            if (reader == null) {
                reader = TableReaders.open(input.path(), format, readOptions);
            }
            if (passes > 1) {
                context.progress().message("Normalizing (pass " + passes + " of " + passes + ")");
            }
            plan.startPass(List.of());
            OutputFile output = context.createOutput(input.baseName() + "_normalized", SheetFormat.XLSX.extension());
            long rows = 0;
            long outputRows;
            try (TableWriter writer = new BackgroundTableWriter(TableWriters.create(output.path(), SheetFormat.XLSX,
                    new WriteOptions(WriteOptions.DEFAULT_SHEET_NAME, true, input.displayName())))) {
                writer.header(plan.header());
                for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                    Object[] work = plan.workingRow(row);
                    if (plan.normalize(work, ++rows)) {
                        writer.row(work);
                    }
                    progress.rowDone(rows, reader);
                }
                outputRows = writer.rowsWritten();
            }
            progress.finished(rows);
            for (String warning : plan.emptiedWarnings()) {
                warnings.add(entry(warning));
            }
            return StepResult.of(result(arguments, prepared, plan, startedAt, rows, outputRows, warnings,
                    output.displayName()));
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }

    /** Resolves the columns (missing ones become warnings), adds the backup columns and orders the stages. */
    private static NormalizationPlan plan(List<String> inputHeader, List<Prepared> prepared,
                                          List<Map<String, Object>> warnings) {
        List<String> header = new ArrayList<>(inputHeader);
        List<Integer> backupSources = new ArrayList<>();
        Set<Integer> backedUp = new HashSet<>();
        List<NormalizationPlan.Stage> stages = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            String column = p.request().columnName();
            int position = header.indexOf(column);
            if (position < 0) {
                warnings.add(entry("Column '" + column + "' not found"));
                continue;
            }
            if (p.request().backupOriginal() && position < inputHeader.size() && backedUp.add(position)) {
                backupSources.add(position);
                header.add(uniqueName(column + "_original", header));
            }
            stages.add(new NormalizationPlan.Stage(i, column, p.type().name(), position, p.normalizer()));
        }
        return new NormalizationPlan(header, inputHeader.size(),
                backupSources.stream().mapToInt(Integer::intValue).toArray(), stages);
    }

    /** {@code name}, or {@code name.1}, {@code name.2}... when the table already has that column. */
    private static String uniqueName(String name, List<String> header) {
        String candidate = name;
        for (int n = 1; header.contains(candidate); n++) {
            candidate = name + "." + n;
        }
        return candidate;
    }

    private static Map<String, Object> result(Arguments arguments, List<Prepared> prepared, NormalizationPlan plan,
                                              String startedAt, long rows, long outputRows,
                                              List<Map<String, Object>> warnings, String outputFile) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (arguments.returnReport()) {
            data.put("started_at", startedAt);
            data.put("completed_at", Instant.now().toString());
        }
        data.put("success", true);
        data.put("total_rows", rows);
        data.put("output_rows", outputRows);
        if (arguments.returnReport()) {
            List<Map<String, Object>> requested = new ArrayList<>();
            for (Prepared p : prepared) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("column", p.request().columnName());
                item.put("type", p.type().name());
                item.put("parameters", plain(p.request().parameters()));
                requested.add(item);
            }
            List<Map<String, Object>> processed = new ArrayList<>();
            for (NormalizationPlan.Stage stage : plan.stages()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("column_name", stage.column);
                item.put("normalization_type", stage.type);
                item.put("parameters", plain(prepared.get(stage.order).request().parameters()));
                item.put("before_stats", stage.before.toMap());
                item.put("after_stats", stage.after.toMap());
                item.put("success", true);
                processed.add(item);
            }
            data.put("requested_normalizations", requested);
            data.put("columns_processed", processed);
            data.put("errors", List.of());
        }
        data.put("warnings", warnings);
        data.put("output_file", outputFile);
        return data;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(Map<String, JsonNode> parameters) {
        return JSON.convertValue(parameters, LinkedHashMap.class);
    }

    private static Map<String, Object> entry(String message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("message", message);
        entry.put("timestamp", Instant.now().toString());
        return entry;
    }

    /**
     * Progress over several passes, in rows of the table: each pass counts for an equal share, so the reported
     * rows grow steadily to the row count and cancellation is checked every {@value RowProgress#EVERY_ROWS} rows
     * of every pass.
     */
    private static final class PassProgress {
        private final ProgressReporter reporter;
        private final int passes;
        private int pass;
        private long base;
        private long total = -1;

        PassProgress(ProgressReporter reporter, int passes) {
            this.reporter = reporter;
            this.passes = passes;
        }

        void rowDone(long rowsInPass, TableReader reader) {
            if (rowsInPass % RowProgress.EVERY_ROWS == 0) {
                reporter.rows(base + rowsInPass / passes, total >= 0 ? total : reader.estimatedTotalRows());
            }
        }

        void passDone(long rows) {
            total = rows;
            pass++;
            base = pass * rows / passes;
        }

        void finished(long rows) {
            reporter.rows(rows, rows);
        }
    }
}
