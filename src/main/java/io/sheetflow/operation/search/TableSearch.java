package io.sheetflow.operation.search;

import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.cells.BoundedRegex;
import io.sheetflow.sheet.BackgroundTableWriter;
import io.sheetflow.sheet.JsonTableWriter;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code excel/search} and {@code csv/search} share: checking the arguments, and filtering the rows in one
 * streaming pass into an xlsx (plain sheet, no Info sheet, as Pycelize), CSV (formula-like text neutralised)
 * or JSON (an array of objects) file named {@code <input>_search.<format>}.
 */
final class TableSearch {

    /** Conditions checked and compiled, with how they combine and where the rows go. */
    record Plan(List<SearchCondition> conditions, List<CellCondition> tests, boolean all, SheetFormat outputFormat) {
    }

    private TableSearch() {
    }

    /**
     * @throws InvalidArgumentException with Pycelize's messages
     */
    static Plan plan(SearchArguments arguments) {
        if (arguments.conditions().isEmpty()) {
            throw new InvalidArgumentException("conditions", "At least one search condition is required");
        }
        String logic = arguments.logic().strip().toUpperCase(Locale.ROOT);
        if (!logic.equals("AND") && !logic.equals("OR")) {
            throw new InvalidArgumentException("logic", "Logic must be either 'AND' or 'OR'");
        }
        SheetFormat format = switch (arguments.outputFormat().strip().toLowerCase(Locale.ROOT)) {
            case "xlsx" -> SheetFormat.XLSX;
            case "csv" -> SheetFormat.CSV;
            case "json" -> SheetFormat.JSON;
            default -> throw new InvalidArgumentException("output_format", "Output format must be xlsx, csv, or json");
        };
        List<CellCondition> tests = new ArrayList<>();
        for (int i = 0; i < arguments.conditions().size(); i++) {
            tests.add(CellCondition.compile(i, arguments.conditions().get(i)));
        }
        return new Plan(arguments.conditions(), List.copyOf(tests), logic.equals("AND"), format);
    }

    static StepResult execute(String operationName, SearchArguments arguments, OperationContext context)
            throws IOException {
        Plan plan = plan(arguments);
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, operationName,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            int[] columns = new int[plan.tests().size()];
            for (int i = 0; i < columns.length; i++) {
                String column = plan.conditions().get(i).column();
                columns[i] = reader.header().indexOf(column);
                if (columns[i] < 0) {
                    throw new OperationFailedException("Column '" + column + "' not found in data");
                }
            }
            OutputFile output = context.createOutput(input.baseName() + "_search", plan.outputFormat().extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rows = 0;
            long matched;
            try (TableWriter writer = writer(output.path(), plan.outputFormat())) {
                writer.header(reader.header());
                for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                    rows++;
                    if (matches(plan, columns, row, rows)) {
                        writer.row(row);
                    }
                    progress.rowDone(rows);
                }
                matched = writer.rowsWritten();
            }
            progress.finished(rows);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total_rows", rows);
            data.put("filtered_rows", matched);
            data.put("conditions_applied", plan.tests().size());
            return StepResult.of(data);
        }
    }

    /** AND: every condition holds; OR: at least one. Evaluation stops as soon as the answer is known. */
    private static boolean matches(Plan plan, int[] columns, Object[] row, long rowNumber) {
        for (int i = 0; i < columns.length; i++) {
            boolean holds;
            try {
                holds = plan.tests().get(i).test(row[columns[i]]);
            } catch (BoundedRegex.TimeoutException e) {
                throw new OperationFailedException("The 'matches' pattern of condition " + (i + 1) + " took longer"
                        + " than " + BoundedRegex.DEFAULT_BUDGET_MILLIS + " ms on data row " + rowNumber
                        + " (catastrophic backtracking); simplify the pattern");
            }
            if (holds != plan.all()) {
                return holds;
            }
        }
        return plan.all();
    }

    private static TableWriter writer(Path file, SheetFormat format) throws IOException {
        return switch (format) {
            case XLSX -> new BackgroundTableWriter(TableWriters.create(file, SheetFormat.XLSX, WriteOptions.plain()));
            case CSV -> TableWriters.create(file, SheetFormat.CSV, WriteOptions.plain());
            default -> new JsonTableWriter(file, true);
        };
    }
}
