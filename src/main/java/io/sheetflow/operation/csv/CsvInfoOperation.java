package io.sheetflow.operation.csv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.TableSummary;
import io.sheetflow.sheet.CsvTableReader;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code csv/info}: rows, columns and column types of a CSV file, with the encoding and delimiter detected. */
@Singleton
public class CsvInfoOperation implements Operation<CsvInfoOperation.Arguments> {

    public static final String NAME = "csv/info";

    /** csv/info takes no arguments. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Reports a CSV file's row count, columns, column types, encoding and delimiter.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        InputFile input = context.input();
        InputFormats.require(input, NAME, Set.of(SheetFormat.CSV), "a CSV input");
        try (CsvTableReader reader = TableReaders.openCsv(input.path())) {
            TableSummary summary = TableSummary.scan(reader, context.progress());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("file_name", input.displayName());
            data.put("rows", summary.rows());
            data.put("columns", summary.columnNames().size());
            data.put("column_names", summary.columnNames());
            data.put("data_types", summary.dataTypes());
            data.put("encoding", reader.dialect().charset().name());
            data.put("delimiter", reader.dialect().delimiterText());
            return StepResult.of(data);
        }
    }
}
