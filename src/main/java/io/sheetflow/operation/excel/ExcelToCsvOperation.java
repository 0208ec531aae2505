package io.sheetflow.operation.excel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
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
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code excel/convert-to-csv}: one sheet of a workbook as {@code <input>_converted.csv} (UTF-8, comma, LF), written
 * by the engine's CSV writer: numbers in plain notation ({@code 25.5}, {@code 10000000}), ISO dates
 * ({@code 2024-01-15}, {@code 2024-01-15 10:30:00}), {@code true}/{@code false}, empty cells empty, and text a
 * spreadsheet would run as a formula neutralised with a leading {@code '}.
 */
@Singleton
public class ExcelToCsvOperation implements Operation<ExcelToCsvOperation.Arguments> {

    public static final String NAME = "excel/convert-to-csv";

    /** @param sheetName the sheet to convert; the first one when absent */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("sheet_name") String sheetName) {
        public Arguments {
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
        return "Converts one sheet of an Excel workbook into a CSV file.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME, Set.of(SheetFormat.XLSX, SheetFormat.XLS),
                "an Excel input (.xlsx or .xls)");
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            OutputFile output = context.createOutput(input.baseName() + "_converted", SheetFormat.CSV.extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rows = 0;
            try (TableWriter writer = new BackgroundTableWriter(TableWriters.create(output.path(), SheetFormat.CSV,
                    null))) {
                writer.header(reader.header());
                for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                    writer.row(row);
                    progress.rowDone(++rows);
                }
            }
            progress.finished(rows);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("rows", rows);
            data.put("columns", reader.header().size());
            data.put("sheet_name", reader.sheetName());
            return StepResult.of(data);
        }
    }
}
