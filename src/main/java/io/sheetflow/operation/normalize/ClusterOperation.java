package io.sheetflow.operation.normalize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code normalization/cluster}: clusters of near-duplicate values of one column, answered inline (no output file,
 * so a following step reads the same input). Each cluster has its values with counts and a suggested canonical
 * value, the most frequent; {@code apply_step} is the {@code normalization/apply} step with a
 * {@code categorical_mapping} that maps every value of the clusters answered to its canonical value: accepting
 * clusters is that ordinary step (with unticked clusters left out and canonical values renamed), so it replays
 * like any other. With no cluster, {@code apply_step} is null.
 */
@Singleton
public class ClusterOperation implements Operation<ClusterOperation.Arguments> {

    public static final String NAME = "normalization/cluster";
    public static final List<String> METHODS = List.of("fingerprint", "ngram", "metaphone", "levenshtein");
    static final int MAX_CLUSTERS = 10_000;

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(
            @ColumnArgument(ColumnArgument.Shape.NAME)
            @JsonProperty("column")
            @JsonPropertyDescription("Required. The column whose values are clustered, as in the header row.")
            String column,
            @JsonProperty(value = "method", defaultValue = "fingerprint")
            @JsonPropertyDescription("How values are judged near-duplicates: fingerprint (same words ignoring case,"
                    + " accents, punctuation and order), ngram (same letter pairs), metaphone (same sound) or"
                    + " levenshtein (fingerprints within one edit). Default fingerprint.")
            String method,
            @JsonProperty(value = "min_cluster_size", defaultValue = "2")
            @JsonPropertyDescription("The fewest distinct values a cluster has to be reported; at least 2 (the"
                    + " default).")
            Integer minClusterSize,
            @JsonProperty(value = "max_clusters", defaultValue = "100")
            @JsonPropertyDescription("The most clusters answered, largest first (1 to 10000, default 100).")
            Integer maxClusters,
            @JsonProperty("sheet_name")
            @JsonPropertyDescription("The worksheet to read when the input is a workbook; the first sheet when"
                    + " absent. Ignored for CSV.")
            String sheetName) {
        public Arguments {
            method = method == null || method.isBlank() ? "fingerprint" : method.trim().toLowerCase(java.util.Locale.ROOT);
            minClusterSize = minClusterSize == null ? 2 : minClusterSize;
            maxClusters = maxClusters == null ? 100 : maxClusters;
            if (sheetName != null && sheetName.isBlank()) {
                sheetName = null;
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Finds clusters of near-duplicate values in a column (fingerprint, ngram, metaphone or levenshtein)"
                + " with counts, a suggested canonical value and the normalization/apply step that merges them.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        if (arguments.column() == null || arguments.column().isEmpty()) {
            throw new InvalidArgumentException("column", "column is required");
        }
        if (!METHODS.contains(arguments.method())) {
            throw new InvalidArgumentException("method", "Unknown clustering method '" + arguments.method()
                    + "'. Valid methods are: " + String.join(", ", METHODS));
        }
        if (arguments.minClusterSize() < 2) {
            throw new InvalidArgumentException("min_cluster_size", "min_cluster_size must be at least 2");
        }
        if (arguments.maxClusters() < 1 || arguments.maxClusters() > MAX_CLUSTERS) {
            throw new InvalidArgumentException("max_clusters", "max_clusters must be between 1 and " + MAX_CLUSTERS);
        }
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            return StepResult.of(cluster(reader, arguments, context.progress()));
        }
    }

    /**
     * Reads the rest of {@code reader} and answers the clusters of {@code arguments.column()}: the same answer for
     * a workflow step and for the file endpoint.
     *
     * @throws io.sheetflow.operation.OperationFailedException when the column is missing or has too many values
     */
    public static Map<String, Object> cluster(TableReader reader, Arguments arguments, ProgressReporter progress)
            throws IOException {
        int column = reader.header().indexOf(arguments.column());
        if (column < 0) {
            throw new OperationFailedException("Column '" + arguments.column() + "' not found. Available columns: "
                    + String.join(", ", reader.header()));
        }
        ValueClusters values = new ValueClusters(arguments.column());
        RowProgress rowProgress = progress == null ? null : new RowProgress(progress, reader);
        long rows = 0;
        for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
            values.add(row[column]);
            rows++;
            if (rowProgress != null) {
                rowProgress.rowDone(rows);
            }
        }
        if (rowProgress != null) {
            rowProgress.finished(rows);
        }
        ValueClusters.Found found = values.clusters(arguments.method(), arguments.minClusterSize(),
                arguments.maxClusters());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("column", arguments.column());
        data.put("method", arguments.method());
        data.put("total_rows", rows);
        data.put("non_blank_values", values.cells());
        data.put("distinct_values", values.distinctValues());
        data.put("clusters_found", found.total());
        data.put("truncated", found.total() > found.clusters().size());
        if (found.skippedBlocks() > 0) {
            data.put("skipped_blocks", found.skippedBlocks());
        }
        List<Map<String, Object>> clusters = new ArrayList<>();
        Map<String, Object> mapping = new LinkedHashMap<>();
        for (ValueClusters.Cluster cluster : found.clusters()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("canonical", cluster.canonical());
            item.put("size", cluster.values().size());
            item.put("rows", cluster.rows());
            List<Map<String, Object>> members = new ArrayList<>();
            for (Map.Entry<String, Long> value : cluster.values()) {
                members.add(Map.of("value", value.getKey(), "count", value.getValue()));
                if (!value.getKey().equals(cluster.canonical())) {
                    mapping.put(value.getKey(), cluster.canonical());
                }
            }
            item.put("values", members);
            clusters.add(item);
        }
        data.put("clusters", clusters);
        data.put("apply_step", mapping.isEmpty() ? null : applyStep(arguments.column(), mapping, arguments.sheetName()));
        return data;
    }

    /** The {@code normalization/apply} step mapping each value to its cluster's canonical value. */
    static Map<String, Object> applyStep(String column, Map<String, Object> mapping, String sheetName) {
        Map<String, Object> normalization = new LinkedHashMap<>();
        normalization.put("column_name", column);
        normalization.put("normalization_type", "categorical_mapping");
        normalization.put("parameters", Map.of("mapping", mapping));
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("normalizations", List.of(normalization));
        if (sheetName != null) {
            arguments.put("sheet_name", sheetName);
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("operation", NormalizationApplyOperation.NAME);
        step.put("arguments", arguments);
        return step;
    }
}
