package io.sheetflow.operation.bind;

import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code files/bind/preview}: what {@code files/bind} would work with, without writing a file: both files'
 * columns and row counts, and whether the mapping fits them ({@code mapping_valid}, {@code issues}). An invalid
 * mapping is reported, not a failure.
 */
@Singleton
/** Takes the same arguments as {@link PositionalBindOperation}, so a preview checks exactly what the bind would use. */
public class PositionalBindPreviewOperation implements Operation<PositionalBindOperation.Arguments> {

    public static final String NAME = "files/bind/preview";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Previews a positional bind: both files' columns and row counts and whether the column mapping fits.";
    }

    @Override
    public Class<PositionalBindOperation.Arguments> argumentsType() {
        return PositionalBindOperation.Arguments.class;
    }

    @Override
    public void validate(PositionalBindOperation.Arguments arguments) {
        BindFiles.requireBindFile(arguments.bindFile());
        BindFiles.requireTargetMapping(arguments.columnMapping());
    }

    @Override
    public StepResult execute(PositionalBindOperation.Arguments arguments, OperationContext context) throws Exception {
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
