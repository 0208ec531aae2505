package io.sheetflow.operation.json;

import io.sheetflow.sheet.JsonTableWriter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sheetflow.operation.ColumnIndexes;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code json/generate}: one JSON object per row into {@code <input>_generated.json}, streamed. Keys come from
 * {@code column_mapping} ({@code {source_col: json_key}}, in mapping order), or are the (selected) column names
 * when there is no mapping; values keep their types: numbers and booleans native, dates ISO-8601 text, empty
 * cells null (or left out, or {@code ""}, by {@code null_handling}).
 */
@Singleton
public class GenerateJsonOperation implements Operation<GenerateJsonOperation.Arguments> {

    public static final String NAME = "json/generate";

    /**
     * @param columns       optional pre-selection; the mapping may only use these columns
     * @param columnMapping {@code {source_col: json_key}}; without it every (selected) column under its own name
     * @param prettyPrint   two-space indented output (default true), else compact
     * @param nullHandling  {@code include} (default: {@code null}), {@code exclude} (no key) or {@code default}
     *                      ({@code ""})
     * @param arrayWrapper  false: a single row is written as a bare object (default true: always an array)
     * @param sheetName     the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(
                            @ColumnArgument(ColumnArgument.Shape.NAMES)
                            @JsonProperty("columns") List<String> columns,
                            @ColumnArgument(ColumnArgument.Shape.KEYS)
                            @ColumnArgument(value = ColumnArgument.Shape.VALUES, table = ColumnArgument.Table.GENERATED)
                            @JsonProperty("column_mapping") Map<String, String> columnMapping,
                            @JsonProperty("pretty_print") Boolean prettyPrint,
                            @JsonProperty("null_handling") NullHandling nullHandling,
                            @JsonProperty("array_wrapper") Boolean arrayWrapper,
                            @JsonProperty("sheet_name") String sheetName) {
        public Arguments {
            columns = columns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(columns));
            columnMapping = columnMapping == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(columnMapping));
            prettyPrint = !Boolean.FALSE.equals(prettyPrint);
            if (nullHandling == null) {
                nullHandling = NullHandling.INCLUDE;
            }
            arrayWrapper = !Boolean.FALSE.equals(arrayWrapper);
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
        return "Writes every row as a JSON object (typed values, chosen columns and keys) into a .json file.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        Set<String> seen = new HashSet<>();
        for (String column : arguments.columns()) {
            if (column == null || column.isEmpty()) {
                throw new InvalidArgumentException("columns", "Column names must not be empty");
            }
            if (!seen.add(column)) {
                throw new InvalidArgumentException("columns", "Column '" + column + "' is listed more than once");
            }
        }
        Map<String, String> columnsByKey = new HashMap<>();
        for (Map.Entry<String, String> entry : arguments.columnMapping().entrySet()) {
            String key = entry.getValue();
            if (entry.getKey().isEmpty()) {
                throw new InvalidArgumentException("column_mapping", "Column names must not be empty");
            }
            if (key == null || key.isEmpty()) {
                throw new InvalidArgumentException("column_mapping", "column_mapping: the JSON key for '"
                        + entry.getKey() + "' is missing");
            }
            String earlier = columnsByKey.putIfAbsent(key, entry.getKey());
            if (earlier != null) {
                throw new InvalidArgumentException("column_mapping", "column_mapping maps both '" + earlier
                        + "' and '" + entry.getKey() + "' to the JSON key '" + key + "'");
            }
        }
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            List<String> header = reader.header();
            List<String> available = arguments.columns().isEmpty() ? header : arguments.columns();
            ColumnIndexes.require(header, available, "Columns not found: ");
            List<String> sourceColumns;
            List<String> keys;
            if (arguments.columnMapping().isEmpty()) {
                sourceColumns = available;
                keys = available;
            } else {
                ColumnIndexes.require(available, arguments.columnMapping().keySet(), "Columns not found in data: ");
                sourceColumns = new ArrayList<>(arguments.columnMapping().keySet());
                keys = new ArrayList<>(arguments.columnMapping().values());
            }
            int[] sources = ColumnIndexes.require(header, sourceColumns, "");
            OutputFile output = context.createOutput(input.baseName() + "_generated", SheetFormat.JSON.extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            Rows rows = new Rows(reader, progress);
            long records;
            try (JsonGenerator json = JsonOutput.create(output.path(), arguments.prettyPrint())) {
                RowWriter writer = row -> writeObject(json, keys, sources, row, arguments.nullHandling());
                Object[] first = rows.next();
                Object[] second = first == null ? null : rows.next();
                if (!arguments.arrayWrapper() && second == null) {
                    if (first == null) {
                        json.writeStartObject();
                        json.writeEndObject();
                        records = 0;
                    } else {
                        writer.write(first);
                        records = 1;
                    }
                } else {
                    json.writeStartArray();
                    records = 0;
                    if (first != null) {
                        writer.write(first);
                        records++;
                    }
                    for (Object[] row = second; row != null; row = rows.next()) {
                        writer.write(row);
                        records++;
                    }
                    json.writeEndArray();
                }
            }
            progress.finished(rows.read);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total_records", records);
            data.put("file_size", Files.size(output.path()));
            return StepResult.of(data);
        }
    }

    private static void writeObject(JsonGenerator json, List<String> keys, int[] sources, Object[] row,
                                    NullHandling nullHandling) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < sources.length; i++) {
            Object value = row[sources[i]];
            if (value == null && nullHandling == NullHandling.EXCLUDE) {
                continue;
            }
            json.writeFieldName(keys.get(i));
            if (value == null && nullHandling == NullHandling.DEFAULT) {
                json.writeString("");
            } else {
                JsonTableWriter.writeCell(json, value);
            }
        }
        json.writeEndObject();
    }

    @FunctionalInterface
    private interface RowWriter {
        void write(Object[] row) throws IOException;
    }

    /** Reads rows, reporting progress. */
    static final class Rows {
        private final TableReader reader;
        private final RowProgress progress;
        long read;

        Rows(TableReader reader, RowProgress progress) {
            this.reader = reader;
            this.progress = progress;
        }

        Object[] next() throws IOException {
            Object[] row = reader.nextRow();
            if (row != null) {
                progress.rowDone(++read);
            }
            return row;
        }
    }
}
