package io.sheetflow.operation.bind;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code files/bind/preview}: what {@code files/bind} would work with, without writing a file: both files'
 * columns and row counts, and whether the mapping fits them ({@code mapping_valid}, {@code issues}). An invalid
 * mapping is reported, not a failure.
 */
@Singleton
public class PositionalBindPreviewOperation implements Operation<PositionalBindPreviewOperation.Arguments> {

    public static final String NAME = "files/bind/preview";

    /**
     * @param bindFile      the file the values would come from: the name or file id of another file of this
     *                      conversation (required)
     * @param columnMapping {@code {target_col: source_col}} (required)
     * @param sheetName     the target's (input's) sheet; the first one when absent
     * @param bindSheetName the source's sheet; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("bind_file") String bindFile,
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
        return "Previews a positional bind: both files' columns and row counts and whether the column mapping fits.";
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
        try (TableReader targetReader = TableReaders.open(target.path(), targetFormat,
                ReadOptions.sheet(arguments.sheetName()));
             TableReader sourceReader = TableReaders.open(source.path(), source.format(),
                     ReadOptions.sheet(arguments.bindSheetName()))) {
            TwoFileProgress progress = new TwoFileProgress(context.progress(), sourceReader, targetReader);
            while (sourceReader.nextRow() != null) {
                progress.rowDone();
            }
            progress.firstFileDone();
            while (targetReader.nextRow() != null) {
                progress.rowDone();
            }
            progress.finished();
            List<String> issues = BindFiles.mappingIssues(arguments.columnMapping(), sourceReader.header(),
                    targetReader.header());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("source_columns", sourceReader.header());
            data.put("target_columns", targetReader.header());
            data.put("source_rows", sourceReader.rowsRead());
            data.put("target_rows", targetReader.rowsRead());
            data.put("mapping_valid", issues.isEmpty());
            data.put("issues", issues);
            return StepResult.of(data);
        }
    }
}
