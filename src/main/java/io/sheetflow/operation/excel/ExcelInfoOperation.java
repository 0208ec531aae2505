package io.sheetflow.operation.excel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.TableSummary;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code excel/info}: the sheets of a workbook and, for one sheet, its rows, columns and column types. */
@Singleton
public class ExcelInfoOperation implements Operation<ExcelInfoOperation.Arguments> {

    public static final String NAME = "excel/info";

    /** @param sheetName the sheet to describe; the first one when absent */
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
        return "Lists the sheets of an Excel workbook and reports one sheet's row count, columns and column types.";
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
            TableSummary summary = TableSummary.scan(reader, context.progress());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("file_name", input.displayName());
            data.put("sheet_name", reader.sheetName());
            data.put("sheets", reader.sheetNames());
            data.put("rows", summary.rows());
            data.put("columns", summary.columnNames().size());
            data.put("column_names", summary.columnNames());
            data.put("data_types", summary.dataTypes());
            return StepResult.of(data);
        }
    }
}
