package io.sheetflow.operation.sql;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import io.sheetflow.operation.ColumnIndexes;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sql/generate-to-text}: the standard INSERT statements of {@link GenerateSqlOperation}, always one per row
 * inside a transaction, into {@code <input>_sql_text.sql}; the data can first be restricted to {@code columns}
 * (the mapping then may only use those) and rid of repeated rows ({@code remove_duplicates}, over the selected
 * columns, or over whole rows without a selection).
 */
@Singleton
public class GenerateSqlToTextOperation implements Operation<GenerateSqlToTextOperation.Arguments> {

    public static final String NAME = "sql/generate-to-text";

    /**
     * @param tableName        the table to insert into (required)
     * @param columnMapping    {@code {sql_col: source_col}} (required); the columns in this order
     * @param columns          optional pre-selection of the data's columns
     * @param removeDuplicates skip rows repeating an earlier row of the selected columns (default false)
     * @param databaseType     {@code postgresql} (default), {@code mysql} or {@code sqlite}, any case
     * @param autoIncrement    as in {@code sql/generate}
     * @param sheetName        the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("table_name") String tableName,
                            @ColumnArgument(ColumnArgument.Shape.VALUES)
                            @ColumnArgument(value = ColumnArgument.Shape.KEYS, table = ColumnArgument.Table.GENERATED)
                            @JsonProperty("column_mapping") Map<String, String> columnMapping,
                            @ColumnArgument(ColumnArgument.Shape.NAMES)
                            @JsonProperty("columns") List<String> columns,
                            @JsonProperty("remove_duplicates") Boolean removeDuplicates,
                            @JsonProperty("database_type") SqlDialect databaseType,
                            @JsonProperty("auto_increment") AutoIncrement autoIncrement,
                            @JsonProperty("sheet_name") String sheetName) {
        public Arguments {
            columnMapping = SqlArguments.orderedCopy(columnMapping);
            columns = SqlArguments.copy(columns);
            removeDuplicates = Boolean.TRUE.equals(removeDuplicates);
            if (databaseType == null) {
                databaseType = SqlDialect.POSTGRESQL;
            }
            if (autoIncrement == null) {
                autoIncrement = AutoIncrement.disabled();
            }
            sheetName = SqlArguments.blankToNull(sheetName);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Generates one SQL INSERT per row, in a transaction, into a .sql text file, optionally from chosen"
                + " columns without duplicate rows.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        SqlArguments.requireTableName(arguments.tableName());
        SqlArguments.requireColumnMapping(arguments.columnMapping(), true);
        SqlArguments.requireColumns(arguments.columns());
        AutoIncrement autoIncrement = arguments.autoIncrement();
        autoIncrement.validate();
        if (autoIncrement.emitsColumn() && arguments.columnMapping().containsKey(autoIncrement.columnName())) {
            throw new InvalidArgumentException("auto_increment.column_name", "The auto-increment column '"
                    + autoIncrement.columnName() + "' is also a column_mapping key; map it or generate it, not both");
        }
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        SqlDialect dialect = arguments.databaseType();
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            RowSelection selection = new RowSelection(reader.header(), arguments.columns(),
                    arguments.removeDuplicates());
            ColumnIndexes.require(selection.available(), arguments.columnMapping().values(),
                    "Columns not found in data: ");
            int[] sources = ColumnIndexes.require(reader.header(), arguments.columnMapping().values(), "");
            OutputFile output = context.createOutput(input.baseName() + "_sql_text", SheetFormat.SQL.extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rowsRead = 0;
            long rows;
            long statements;
            try (SqlFile file = new SqlFile(output.path())) {
                file.statement(dialect.beginTransaction());
                InsertWriter inserts = new InsertWriter(file, dialect, arguments.tableName(),
                        new ArrayList<>(arguments.columnMapping().keySet()), sources, arguments.autoIncrement(), 1);
                for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                    if (selection.keep(row)) {
                        inserts.row(row);
                    }
                    progress.rowDone(++rowsRead);
                }
                inserts.finish();
                file.statement("COMMIT;");
                rows = inserts.rows();
                statements = file.statements();
                file.finish(SqlFile.header(dialect, arguments.tableName(), rows, statements));
            }
            progress.finished(rowsRead);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("table_name", arguments.tableName());
            data.put("database_type", dialect.jsonName());
            data.put("total_rows", rows);
            data.put("duplicates_removed", rowsRead - rows);
            data.put("total_statements", statements);
            return StepResult.of(data);
        }
    }
}
