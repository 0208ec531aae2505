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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code sql/generate}: INSERT statements for every row into {@code <input>_sql.sql}, for postgresql, mysql or
 * sqlite. Each {@code column_mapping} entry {@code {sql_col: source_col}} becomes a column, in mapping order;
 * identifiers are quoted and values written with their types ({@link SqlDialect}): numbers bare, empty cells
 * {@code NULL}. Rows go one per statement, or {@code batch_size} per multi-row statement, optionally inside a
 * transaction, below a header comment with the totals.
 *
 * <p>With {@code template}, each row renders the template instead (the {@link SqlTemplate} language, with typed
 * placeholders, defaults and wildcards): {@code {<sql_col>}} is the mapped value, {@code {auto_id}} (and the
 * auto-increment column's name) the row's id: {@code nextval('<seq>')}, a counter, a new UUID, or for the modes
 * where the database makes ids {@code DEFAULT} ({@code NULL} on sqlite); {@code {current_timestamp}} is
 * {@code NOW()} ({@code datetime('now')} on sqlite) and {@code {current_date}} {@code CURRENT_DATE} /
 * {@code CURDATE()} / {@code date('now')}.
 */
@Singleton
public class GenerateSqlOperation implements Operation<GenerateSqlOperation.Arguments> {

    public static final String NAME = "sql/generate";

    /**
     * @param tableName          the table to insert into (required); {@code schema.table} is quoted part by part
     * @param columnMapping      {@code {sql_col: source_col}} (required); the columns in this order
     * @param databaseType       {@code postgresql} (default), {@code mysql} or {@code sqlite}, any case
     * @param autoIncrement      an id column made by the database, a sequence, a counter or UUIDs (off by default)
     * @param batchSize          rows per INSERT (default 1; at most 10000); not with {@code template}
     * @param includeTransaction wrap the statements in a transaction (default true)
     * @param template           a statement template rendered per row instead of the standard INSERT
     * @param sheetName          the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("table_name") String tableName,
                            @ColumnArgument(ColumnArgument.Shape.VALUES)
                            @ColumnArgument(value = ColumnArgument.Shape.KEYS, table = ColumnArgument.Table.GENERATED)
                            @JsonProperty("column_mapping") Map<String, String> columnMapping,
                            @JsonProperty("database_type") SqlDialect databaseType,
                            @JsonProperty("auto_increment") AutoIncrement autoIncrement,
                            @JsonProperty("batch_size") Integer batchSize,
                            @JsonProperty("include_transaction") Boolean includeTransaction,
                            @JsonProperty("template") String template,
                            @JsonProperty("sheet_name") String sheetName) {
        public Arguments {
            columnMapping = SqlArguments.orderedCopy(columnMapping);
            if (databaseType == null) {
                databaseType = SqlDialect.POSTGRESQL;
            }
            if (autoIncrement == null) {
                autoIncrement = AutoIncrement.disabled();
            }
            if (batchSize == null) {
                batchSize = 1;
            }
            includeTransaction = !Boolean.FALSE.equals(includeTransaction);
            template = SqlArguments.blankToNull(template);
            sheetName = SqlArguments.blankToNull(sheetName);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Generates SQL INSERT statements (postgresql, mysql or sqlite) for every row into a .sql file,"
                + " optionally batched, in a transaction, with an auto-increment column or from a template.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        SqlArguments.requireTableName(arguments.tableName());
        SqlArguments.requireColumnMapping(arguments.columnMapping(), true);
        AutoIncrement autoIncrement = arguments.autoIncrement();
        autoIncrement.validate();
        if (arguments.batchSize() < 1) {
            throw new InvalidArgumentException("batch_size", "batch_size must be at least 1");
        }
        if (arguments.batchSize() > SqlArguments.MAX_BATCH_SIZE) {
            throw new InvalidArgumentException("batch_size", "batch_size must be at most "
                    + SqlArguments.MAX_BATCH_SIZE);
        }
        if (arguments.template() != null) {
            if (arguments.batchSize() > 1) {
                throw new InvalidArgumentException("batch_size", "batch_size cannot be combined with template:"
                        + " a template makes one statement per row");
            }
            int[] anyIndexes = new int[arguments.columnMapping().size()];
            SqlTemplate.compile(arguments.template(), names(arguments, anyIndexes), arguments.databaseType());
        } else if (autoIncrement.emitsColumn() && arguments.columnMapping().containsKey(autoIncrement.columnName())) {
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
        AutoIncrement autoIncrement = arguments.autoIncrement();
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            int[] sources = ColumnIndexes.require(reader.header(), arguments.columnMapping().values(),
                    "Columns not found in data: ");
            OutputFile output = context.createOutput(input.baseName() + "_sql", SheetFormat.SQL.extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rows = 0;
            long statements;
            try (SqlFile file = new SqlFile(output.path())) {
                if (arguments.includeTransaction()) {
                    file.statement(dialect.beginTransaction());
                }
                if (arguments.template() != null) {
                    SqlTemplate template = SqlTemplate.compile(arguments.template(), names(arguments, sources),
                            dialect);
                    StringBuilder statement = new StringBuilder(256);
                    for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                        statement.setLength(0);
                        template.render(statement, row, autoIncrement.enabled()
                                ? autoIncrement.idFor(dialect, rows) : null);
                        file.statement(statement);
                        progress.rowDone(++rows);
                    }
                } else {
                    InsertWriter inserts = new InsertWriter(file, dialect, arguments.tableName(),
                            new ArrayList<>(arguments.columnMapping().keySet()), sources, autoIncrement,
                            arguments.batchSize());
                    for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                        inserts.row(row);
                        progress.rowDone(++rows);
                    }
                    inserts.finish();
                }
                if (arguments.includeTransaction()) {
                    file.statement("COMMIT;");
                }
                statements = file.statements();
                file.finish(SqlFile.header(dialect, arguments.tableName(), rows, statements));
            }
            progress.finished(rows);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("table_name", arguments.tableName());
            data.put("database_type", dialect.jsonName());
            data.put("total_rows", rows);
            data.put("total_statements", statements);
            return StepResult.of(data);
        }
    }

    /** The names a {@code sql/generate} template knows; later entries win. */
    private static Map<String, SqlTemplate.Binding> names(Arguments arguments, int[] sources) {
        SqlDialect dialect = arguments.databaseType();
        Map<String, SqlTemplate.Binding> names = new HashMap<>();
        names.put("current_timestamp", new SqlTemplate.Expression(dialect.now()));
        names.put("current_date", new SqlTemplate.Expression(dialect.today()));
        int i = 0;
        for (String sqlColumn : arguments.columnMapping().keySet()) {
            names.put(sqlColumn, new SqlTemplate.Column(sources[i++]));
        }
        if (arguments.autoIncrement().enabled()) {
            names.put("auto_id", new SqlTemplate.AutoId());
            names.put(arguments.autoIncrement().columnName(), new SqlTemplate.AutoId());
        }
        return names;
    }
}
