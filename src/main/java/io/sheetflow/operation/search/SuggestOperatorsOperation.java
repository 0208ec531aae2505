package io.sheetflow.operation.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.ColumnType;
import io.sheetflow.sheet.ColumnTypeInference;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code excel/search/suggest-operators}: for every column, its type (inferred over all rows) and the search
 * operators that suit it ({@link SearchOperators}). Reads .xlsx, .xls and .csv inputs.
 */
@Singleton
public class SuggestOperatorsOperation implements Operation<SuggestOperatorsOperation.Arguments> {

    public static final String NAME = "excel/search/suggest-operators";

    /** @param sheetName the sheet to read; the first one when absent */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(
            @JsonProperty("sheet_name")
            @JsonPropertyDescription("The worksheet to read when the input is a workbook; the first sheet when"
                    + " absent. Ignored for CSV.")
            String sheetName) {
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
        return "Suggests the search operators for each column from the column's type.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            List<String> header = reader.header();
            ColumnTypeInference types = new ColumnTypeInference(header.size());
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rows = 0;
            for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                types.accept(row);
                progress.rowDone(++rows);
            }
            progress.finished(rows);
            Map<String, Object> data = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                ColumnType type = types.type(c);
                Map<String, Object> column = new LinkedHashMap<>();
                column.put("type", type.jsonName());
                column.put("operators", SearchOperators.forType(type));
                data.put(header.get(c), column);
            }
            return StepResult.of(data);
        }
    }
}
