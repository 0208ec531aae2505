package io.sheetflow.operation.bind;

import io.sheetflow.operation.ColumnIndexes;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.BackgroundTableWriter;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The left join behind {@code excel/bind-single-key} and {@code excel/bind-multi-key}: every source row, in order,
 * followed by the bind columns of the first bind-file row with the same key ({@link BindKeys}), or empty cells.
 * The bind file is read first into a {@link BindTable}; the source is streamed into the output workbook.
 */
final class KeyedBind {

    /**
     * @param multiKey whether Pycelize's multi-key messages apply ("Comparison columns not found ...")
     */
    record Request(String operationName, String outputSuffix, String bindFile, String sheetName, String bindSheetName,
                   List<String> comparisonColumns, List<String> bindColumns, boolean multiKey, long maxBindRows) {
    }

    private KeyedBind() {
    }

    static StepResult run(Request request, OperationContext context) throws Exception {
        InputFile source = context.input();
        SheetFormat sourceFormat = BindFiles.requireInput(source, request.operationName());
        InputFile bind = BindFiles.bindFile(context, request.bindFile(), request.operationName());
        try (TableReader sourceReader = TableReaders.open(source.path(), sourceFormat,
                ReadOptions.sheet(request.sheetName()))) {
            List<String> sourceHeader = sourceReader.header();
            BindTable table;
            TwoFileProgress progress;
            try (TableReader bindReader = TableReaders.open(bind.path(), bind.format(),
                    ReadOptions.sheet(request.bindSheetName()))) {
                checkColumns(request, sourceHeader, bindReader.header());
                progress = new TwoFileProgress(context.progress(), bindReader, sourceReader);
                table = BindTable.load(bindReader,
                        ColumnIndexes.require(bindReader.header(), request.comparisonColumns(), ""),
                        ColumnIndexes.require(bindReader.header(), request.bindColumns(), ""),
                        request.maxBindRows(), bind.displayName(), progress);
                progress.firstFileDone();
            }
            int[] sourceKeys = ColumnIndexes.require(sourceHeader, request.comparisonColumns(), "");
            int bound = request.bindColumns().size();
            List<String> header = new ArrayList<>(sourceHeader);
            header.addAll(request.bindColumns());
            OutputFile output = context.createOutput(source.baseName() + request.outputSuffix(),
                    SheetFormat.XLSX.extension());
            long rows = 0;
            long matched = 0;
            try (TableWriter writer = new BackgroundTableWriter(TableWriters.create(output.path(), SheetFormat.XLSX,
                    new WriteOptions(WriteOptions.DEFAULT_SHEET_NAME, true, source.displayName())))) {
                writer.header(header);
                for (Object[] row = sourceReader.nextRow(); row != null; row = sourceReader.nextRow()) {
                    Object[] out = new Object[row.length + bound];
                    System.arraycopy(row, 0, out, 0, row.length);
                    Object[] values = table.values(BindKeys.of(row, sourceKeys));
                    if (values != null) {
                        System.arraycopy(values, 0, out, row.length, bound);
                        matched++;
                    }
                    writer.row(out);
                    rows++;
                    progress.rowDone();
                }
            }
            progress.finished();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total_rows", rows);
            data.put("bind_rows", table.rows());
            data.put("matched_rows", matched);
            data.put("unmatched_rows", rows - matched);
            data.put("unique_keys_in_bind", table.uniqueKeys());
            data.put("duplicate_keys_removed", table.duplicateKeys());
            data.put("match_percentage", rows == 0 ? 0.0 : Math.round(matched * 10_000.0 / rows) / 100.0);
            return StepResult.of(data);
        }
    }

    /** Pycelize's checks, in its order. */
    private static void checkColumns(Request request, List<String> sourceHeader, List<String> bindHeader) {
        List<String> comparison = request.comparisonColumns();
        if (request.multiKey()) {
            List<String> notInSource = ColumnIndexes.missing(sourceHeader, comparison);
            if (!notInSource.isEmpty()) {
                throw new OperationFailedException("Comparison columns not found in source file: "
                        + BindFiles.listText(notInSource));
            }
            List<String> notInBind = ColumnIndexes.missing(bindHeader, comparison);
            if (!notInBind.isEmpty()) {
                throw new OperationFailedException("Comparison columns not found in bind file: "
                        + BindFiles.listText(notInBind));
            }
        } else {
            String column = comparison.get(0);
            if (!sourceHeader.contains(column)) {
                throw new OperationFailedException("Comparison column '" + column + "' not found in source file");
            }
            if (!bindHeader.contains(column)) {
                throw new OperationFailedException("Comparison column '" + column + "' not found in bind file");
            }
        }
        List<String> notInBind = ColumnIndexes.missing(bindHeader, request.bindColumns());
        if (!notInBind.isEmpty()) {
            throw new OperationFailedException("Bind columns not found in bind file: " + BindFiles.listText(notInBind));
        }
        List<String> existing = request.bindColumns().stream().filter(sourceHeader::contains).toList();
        if (!existing.isEmpty()) {
            throw new OperationFailedException("Bind columns already exist in source file: "
                    + BindFiles.listText(existing) + ". This would overwrite existing data.");
        }
    }
}
