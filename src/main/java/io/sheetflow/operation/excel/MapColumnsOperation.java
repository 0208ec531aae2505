package io.sheetflow.operation.excel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.cells.JsonCells;
import io.sheetflow.sheet.BackgroundTableWriter;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code excel/map-columns}: a new workbook ({@code <input>_mapped.xlsx}, plus the Info sheet) whose columns are the
 * mapping's targets, in mapping order, each copied from a source column (keeping its types), filled with a
 * default where the source is empty, or a constant.
 */
@Singleton
public class MapColumnsOperation implements Operation<MapColumnsOperation.Arguments> {

    public static final String NAME = "excel/map-columns";

    /**
     * @param mapping   target column to rule, in output order (required, non-empty)
     * @param sheetName the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(
            @ColumnArgument(value = ColumnArgument.Shape.KEYS, table = ColumnArgument.Table.OUTPUT)
            @ColumnArgument(ColumnArgument.Shape.MAPPING_SOURCES)
            @JsonProperty("mapping")
            @JsonPropertyDescription("Required, non-empty. An object whose keys are the output columns, in output"
                    + " order, and whose values are rules: a string copies that source column; {\"source\": s,"
                    + " \"default\": d} copies s and puts d in its empty cells; {\"default\": d} fills the column"
                    + " with the constant d. A source column missing from the data gives an empty column (or the"
                    + " default) and a warning in the result.")
            Map<String, JsonNode> mapping,
            @JsonProperty("sheet_name")
            @JsonPropertyDescription("The worksheet to read when the input is a workbook; the first sheet when"
                    + " absent. Ignored for CSV.")
            String sheetName) {
        public Arguments {
            mapping = mapping == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
            if (sheetName != null && sheetName.isBlank()) {
                sheetName = null;
            }
        }
    }

    /** One output column: where its values come from and what fills its empty cells. */
    record Rule(String target, String source, Object fill) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Writes a new Excel file whose columns are copied from source columns, filled with defaults or set to"
                + " constants, as a mapping says.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        rules(arguments);
    }

    /** The mapping as rules, in order. */
    static List<Rule> rules(Arguments arguments) {
        if (arguments.mapping().isEmpty()) {
            throw new InvalidArgumentException("mapping", "No column mapping provided");
        }
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : arguments.mapping().entrySet()) {
            String target = entry.getKey();
            String field = "mapping." + target;
            if (target.isBlank()) {
                throw new InvalidArgumentException("mapping", "Output column names must not be empty");
            }
            JsonNode rule = entry.getValue();
            if (rule != null && rule.isTextual()) {
                rules.add(new Rule(target, requireSource(rule, field, target), null));
            } else if (rule != null && rule.isObject()) {
                rules.add(objectRule(target, rule, field));
            } else {
                throw new InvalidArgumentException(field, "The mapping for '" + target + "' must be a source column"
                        + " name or an object with \"source\" and/or \"default\"");
            }
        }
        return rules;
    }

    private static Rule objectRule(String target, JsonNode rule, String field) {
        for (Iterator<String> keys = rule.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("source") && !key.equals("default")) {
                throw new InvalidArgumentException(field + "." + key, "The mapping for '" + target
                        + "' has an unknown key '" + key + "'; use \"source\" and/or \"default\"");
            }
        }
        if (!rule.has("source") && !rule.has("default")) {
            throw new InvalidArgumentException(field, "The mapping for '" + target
                    + "' needs a \"source\", a \"default\" or both");
        }
        String source = rule.has("source") ? requireSource(rule.get("source"), field + ".source", target) : null;
        Object fill;
        try {
            fill = JsonCells.toCell(rule.get("default"));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(field + ".default", "The default for '" + target + "' must be text,"
                    + " a number, true, false or null");
        }
        return new Rule(target, source, fill);
    }

    private static String requireSource(JsonNode source, String field, String target) {
        if (source == null || !source.isTextual() || source.textValue().isEmpty()) {
            throw new InvalidArgumentException(field, "The source of '" + target + "' must be a column name");
        }
        return source.textValue();
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        List<Rule> rules = rules(arguments);
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            List<String> warnings = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            int[] sources = new int[rules.size()];
            Object[] fills = new Object[rules.size()];
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                targets.add(rule.target());
                fills[i] = rule.fill();
                sources[i] = rule.source() == null ? -1 : reader.header().indexOf(rule.source());
                if (rule.source() != null && sources[i] < 0) {
                    warnings.add("Source column '" + rule.source() + "' for '" + rule.target()
                            + "' not found in data; " + (rule.fill() == null ? "the column is empty"
                            : "the column holds its default"));
                }
            }
            OutputFile output = context.createOutput(input.baseName() + "_mapped", SheetFormat.XLSX.extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rows = 0;
            try (TableWriter writer = new BackgroundTableWriter(TableWriters.create(output.path(), SheetFormat.XLSX,
                    new WriteOptions(WriteOptions.DEFAULT_SHEET_NAME, true, input.displayName())))) {
                writer.header(targets);
                for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                    Object[] mapped = new Object[sources.length];
                    for (int i = 0; i < sources.length; i++) {
                        Object value = sources[i] < 0 ? null : row[sources[i]];
                        mapped[i] = value != null ? value : fills[i];
                    }
                    writer.row(mapped);
                    progress.rowDone(++rows);
                }
            }
            progress.finished(rows);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total_rows", rows);
            data.put("columns", targets);
            data.put("warnings", warnings);
            return StepResult.of(data);
        }
    }
}
