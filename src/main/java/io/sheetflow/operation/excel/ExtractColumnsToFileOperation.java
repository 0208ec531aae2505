package io.sheetflow.operation.excel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import io.sheetflow.operation.ColumnIndexes;
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
import io.sheetflow.sheet.WriteOptions;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code excel/extract-columns-to-file}: copies chosen columns, in the requested order and with their types, into
 * a new workbook ({@code <input>_extracted.xlsx}, plus the Info sheet), optionally without repeated rows.
 */
@Singleton
public class ExtractColumnsToFileOperation implements Operation<ExtractColumnsToFileOperation.Arguments> {

    public static final String NAME = "excel/extract-columns-to-file";

    /**
     * @param columns          the columns to keep, in output order (required)
     * @param removeDuplicates drop rows repeating an earlier row of the extracted columns (default false)
     * @param sheetName        the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(
                            @ColumnArgument(ColumnArgument.Shape.NAMES)
                            @JsonProperty("columns") List<String> columns,
                            @JsonProperty("remove_duplicates") Boolean removeDuplicates,
                            @JsonProperty("sheet_name") String sheetName) {
        public Arguments {
            columns = columns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(columns));
            removeDuplicates = Boolean.TRUE.equals(removeDuplicates);
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
        return "Writes the chosen columns, in the given order, to a new Excel file, optionally removing duplicate"
                + " rows.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        ExtractionColumns.validate(arguments.columns());
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        List<String> columns = arguments.columns();
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            int[] sourceIndexes = ColumnIndexes.require(reader.header(), columns, "Columns not found in data: ");
            OutputFile output = context.createOutput(input.baseName() + "_extracted", SheetFormat.XLSX.extension());
            DistinctRows distinctRows = arguments.removeDuplicates() ? new DistinctRows() : null;
            RowProgress progress = new RowProgress(context.progress(), reader);
            long totalRows = 0;
            long outputRows;
            try (TableWriter writer = new BackgroundTableWriter(TableWriters.create(output.path(), SheetFormat.XLSX,
                    new WriteOptions(WriteOptions.DEFAULT_SHEET_NAME, true, input.displayName())))) {
                writer.header(columns);
                for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                    Object[] extracted = new Object[sourceIndexes.length];
                    for (int i = 0; i < sourceIndexes.length; i++) {
                        extracted[i] = row[sourceIndexes[i]];
                    }
                    if (distinctRows == null || distinctRows.firstSeen(extracted)) {
                        writer.row(extracted);
                    }
                    progress.rowDone(++totalRows);
                }
                outputRows = writer.rowsWritten();
            }
            progress.finished(totalRows);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total_rows", totalRows);
            data.put("output_rows", outputRows);
            data.put("duplicates_removed", totalRows - outputRows);
            data.put("columns", columns);
            return StepResult.of(data);
        }
    }
}
