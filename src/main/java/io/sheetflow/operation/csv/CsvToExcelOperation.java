package io.sheetflow.operation.csv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.BackgroundTableWriter;
import io.sheetflow.sheet.CsvTableReader;
import io.sheetflow.sheet.ExcelSheetNames;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code csv/convert-to-excel}: a CSV file as a typed workbook ({@code <input>_converted.xlsx}, plus the Info
 * sheet).
 */
@Singleton
public class CsvToExcelOperation implements Operation<CsvToExcelOperation.Arguments> {

    public static final String NAME = "csv/convert-to-excel";

    /** @param sheetName the data sheet's name (default {@code Sheet1}) */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("sheet_name") String sheetName) {
        public Arguments {
            if (sheetName == null || sheetName.isBlank()) {
                sheetName = WriteOptions.DEFAULT_SHEET_NAME;
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Converts a CSV file into an Excel workbook, keeping numbers, dates and booleans typed.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        String problem = ExcelSheetNames.problemBesideInfoSheet(arguments.sheetName());
        if (problem != null) {
            throw new InvalidArgumentException("sheet_name", problem);
        }
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        InputFile input = context.input();
        InputFormats.require(input, NAME, Set.of(SheetFormat.CSV), "a CSV input");
        try (CsvTableReader reader = TableReaders.openCsv(input.path())) {
            OutputFile output = context.createOutput(input.baseName() + "_converted", SheetFormat.XLSX.extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rows = 0;
            try (TableWriter writer = new BackgroundTableWriter(TableWriters.create(output.path(), SheetFormat.XLSX,
                    new WriteOptions(arguments.sheetName(), true, input.displayName())))) {
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
            data.put("sheet_name", arguments.sheetName());
            data.put("encoding", reader.dialect().charset().name());
            data.put("delimiter", reader.dialect().delimiterText());
            return StepResult.of(data);
        }
    }
}
