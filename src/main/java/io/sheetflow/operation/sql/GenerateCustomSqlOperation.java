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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sql/generate-custom-to-text}: one statement per row from the user's template, into
 * {@code <input>_sql_custom.sql} (a header comment, then the statements; no transaction lines). The template
 * language is Pycelize's custom one, described in full in {@link SqlTemplate}: {@code {name}},
 * {@code {name:int|float|bool|datetime|string}}, {@code {name|default}}, LIKE wildcards {@code {%name%}},
 * string-literal context ({@code 'prefix_{name}'}), {@code {auto_id}} and {@code {current_timestamp}}
 * ({@code CURRENT_TIMESTAMP}).
 *
 * <p>Where it differs from Pycelize: values keep their types (numbers bare, empty cells {@code NULL}, so
 * {@code {flag:bool}} of an empty cell is {@code NULL} rather than {@code FALSE}); text is escaped for
 * {@code database_type} (mysql also doubles backslashes); booleans are {@code 1}/{@code 0} outside postgresql;
 * placeholders named with leading or trailing underscores work (the name rule in {@link SqlTemplate}); an
 * unknown type hint is refused before the run; the first sheet is read unless {@code sheet_name} says otherwise.
 * The workflow step and the REST endpoint use this same class.
 *
 * <p>With {@code auto_increment.enabled}, {@code {auto_id}} and {@code {<column_name>}} are a counter from
 * {@code start_value}, one per generated row (the increment type is not used by templates).
 */
@Singleton
public class GenerateCustomSqlOperation implements Operation<GenerateCustomSqlOperation.Arguments> {

    public static final String NAME = "sql/generate-custom-to-text";

    /**
     * @param template         the statement template (required); one pair of matching outer quotes is removed
     * @param columnMapping    {@code {placeholder: source_col}} (required)
     * @param columns          optional pre-selection of the data's columns
     * @param removeDuplicates skip rows repeating an earlier row of the selected columns (default false)
     * @param autoIncrement    {@code {auto_id}} numbering: {@code enabled}, {@code column_name}, {@code start_value}
     * @param databaseType     how text is escaped and booleans written: {@code postgresql} (default),
     *                         {@code mysql}, {@code sqlite}
     * @param sheetName        the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("template") String template,
                            @ColumnArgument(ColumnArgument.Shape.VALUES)
                            @JsonProperty("column_mapping") Map<String, String> columnMapping,
                            @ColumnArgument(ColumnArgument.Shape.NAMES)
                            @JsonProperty("columns") List<String> columns,
                            @JsonProperty("remove_duplicates") Boolean removeDuplicates,
                            @JsonProperty("auto_increment") AutoIncrement autoIncrement,
                            @JsonProperty("database_type") SqlDialect databaseType,
                            @JsonProperty("sheet_name") String sheetName) {
        public Arguments {
            columnMapping = SqlArguments.orderedCopy(columnMapping);
            columns = SqlArguments.copy(columns);
            removeDuplicates = Boolean.TRUE.equals(removeDuplicates);
            if (autoIncrement == null) {
                autoIncrement = AutoIncrement.disabled();
            }
            if (databaseType == null) {
                databaseType = SqlDialect.POSTGRESQL;
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
        return "Generates one SQL statement per row from a template with typed placeholders, defaults and LIKE"
                + " wildcards into a .sql text file.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        String template = template(arguments);
        if (template == null) {
            throw new InvalidArgumentException("template", "template is required");
        }
        SqlArguments.requireColumnMapping(arguments.columnMapping(), false);
        SqlArguments.requireColumns(arguments.columns());
        if (arguments.autoIncrement().enabled()) {
            SqlNames.requireWritable("auto_increment.column_name", "auto_increment.column_name",
                    arguments.autoIncrement().columnName());
        }
        SqlTemplate.compile(template, names(arguments, new int[arguments.columnMapping().size()]),
                arguments.databaseType());
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
            RowSelection selection = new RowSelection(reader.header(), arguments.columns(),
                    arguments.removeDuplicates());
            ColumnIndexes.require(selection.available(), arguments.columnMapping().values(),
                    "Columns not found in data: ");
            int[] sources = ColumnIndexes.require(reader.header(), arguments.columnMapping().values(), "");
            SqlTemplate template = SqlTemplate.compile(template(arguments), names(arguments, sources), dialect);
            OutputFile output = context.createOutput(input.baseName() + "_sql_custom", SheetFormat.SQL.extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            long rowsRead = 0;
            long rows = 0;
            long statements;
            try (SqlFile file = new SqlFile(output.path())) {
                StringBuilder statement = new StringBuilder(256);
                for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                    if (selection.keep(row)) {
                        statement.setLength(0);
                        template.render(statement, row, autoIncrement.enabled() ? autoIncrement.counter(rows) : null);
                        file.statement(statement);
                        rows++;
                    }
                    progress.rowDone(++rowsRead);
                }
                statements = file.statements();
                file.finish(SqlFile.header(dialect, null, rows, statements));
            }
            progress.finished(rowsRead);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("database_type", dialect.jsonName());
            data.put("total_rows", rows);
            data.put("duplicates_removed", rowsRead - rows);
            data.put("total_statements", statements);
            return StepResult.of(data);
        }
    }

    private static String template(Arguments arguments) {
        if (arguments.template() == null) {
            return null;
        }
        String template = SqlTemplate.withoutOuterQuotes(arguments.template());
        return template.isBlank() ? null : template;
    }

    /** Built-ins, then the mapping, then the auto-increment names: later entries win. */
    private static Map<String, SqlTemplate.Binding> names(Arguments arguments, int[] sources) {
        Map<String, SqlTemplate.Binding> names = new HashMap<>();
        names.put("current_timestamp", new SqlTemplate.Expression("CURRENT_TIMESTAMP"));
        int i = 0;
        for (String placeholder : arguments.columnMapping().keySet()) {
            names.put(placeholder, new SqlTemplate.Column(sources[i++]));
        }
        if (arguments.autoIncrement().enabled()) {
            names.put("auto_id", new SqlTemplate.AutoId());
            names.put(arguments.autoIncrement().columnName(), new SqlTemplate.AutoId());
        }
        return names;
    }
}
