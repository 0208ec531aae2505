package io.sheetflow.operation.bind;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import io.sheetflow.operation.ColumnIndexes;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OutputFile;
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

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code files/bind}: copies columns of another file of the conversation (the source of the values, argument
 * {@code bind_file}) into the step's input (the target) by row position, into {@code <target>_bound.xlsx}: row n
 * of each mapped target column gets row n of its source column; target rows beyond the source's end get empty
 * cells; extra source rows are ignored. Both files are streamed side by side.
 */
@Singleton
public class PositionalBindOperation implements Operation<PositionalBindOperation.Arguments> {

    public static final String NAME = "files/bind";

    /**
     * @param bindFile      the file the values come from: the name or file id of another file of this
     *                      conversation (required)
     * @param columnMapping {@code {target_col: source_col}} (required)
     * @param sheetName     the target's (input's) sheet; the first one when absent
     * @param bindSheetName the source's sheet; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("bind_file") String bindFile,
                            @ColumnArgument(ColumnArgument.Shape.KEYS)
                            @ColumnArgument(value = ColumnArgument.Shape.VALUES, table = ColumnArgument.Table.BIND_FILE)
                            @JsonProperty("column_mapping") Map<String, String> columnMapping,
                            @JsonProperty("sheet_name") String sheetName,
                            @JsonProperty("bind_sheet_name") String bindSheetName) {
        public Arguments {
            bindFile = BindFiles.blankToNull(bindFile);
            columnMapping = columnMapping == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(columnMapping));
            sheetName = BindFiles.blankToNull(sheetName);
            bindSheetName = BindFiles.blankToNull(bindSheetName);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Copies columns of another file of the conversation into this file by row position.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        BindFiles.requireBindFile(arguments.bindFile());
        BindFiles.requireTargetMapping(arguments.columnMapping());
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        InputFile target = context.input();
        SheetFormat targetFormat = BindFiles.requireInput(target, NAME);
        InputFile source = BindFiles.bindFile(context, arguments.bindFile(), NAME);
        Map<String, String> mapping = arguments.columnMapping();
        try (TableReader targetReader = TableReaders.open(target.path(), targetFormat,
                ReadOptions.sheet(arguments.sheetName()));
             TableReader sourceReader = TableReaders.open(source.path(), source.format(),
                     ReadOptions.sheet(arguments.bindSheetName()))) {
            List<String> issues = BindFiles.mappingIssues(mapping, sourceReader.header(), targetReader.header());
            if (!issues.isEmpty()) {
                throw new OperationFailedException("Column mapping validation failed: " + String.join("; ", issues));
            }
            int[] targetIndexes = ColumnIndexes.require(targetReader.header(), mapping.keySet(), "");
            int[] sourceIndexes = ColumnIndexes.require(sourceReader.header(), mapping.values(), "");
            OutputFile output = context.createOutput(target.baseName() + "_bound", SheetFormat.XLSX.extension());
            RowProgress progress = new RowProgress(context.progress(), targetReader);
            long rows = 0;
            long bound = 0;
            boolean sourceEnded = false;
            try (TableWriter writer = new BackgroundTableWriter(TableWriters.create(output.path(), SheetFormat.XLSX,
                    new WriteOptions(WriteOptions.DEFAULT_SHEET_NAME, true, target.displayName())))) {
                writer.header(targetReader.header());
                for (Object[] row = targetReader.nextRow(); row != null; row = targetReader.nextRow()) {
                    Object[] values = sourceEnded ? null : sourceReader.nextRow();
                    sourceEnded = values == null;
                    for (int i = 0; i < targetIndexes.length; i++) {
                        row[targetIndexes[i]] = values == null ? null : values[sourceIndexes[i]];
                    }
                    if (values != null) {
                        bound++;
                    }
                    writer.row(row);
                    progress.rowDone(++rows);
                }
            }
            boolean sourceHasMoreRows = !sourceEnded && sourceReader.nextRow() != null;
            progress.finished(rows);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("target_rows", rows);
            data.put("rows_bound", bound);
            data.put("rows_without_source", rows - bound);
            data.put("source_has_more_rows", sourceHasMoreRows);
            data.put("bound_columns", new ArrayList<>(mapping.keySet()));
            return StepResult.of(data);
        }
    }
}
