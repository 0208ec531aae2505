package io.sheetflow.operation.bind;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.StepResult;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code excel/bind-single-key}: adds columns of another file of the conversation (the bind file) to every row of
 * the input whose comparison column has the same value, into {@code <input>_bound_single.xlsx}. A left join: all
 * input rows stay, in order; the first bind-file row of a key wins; rows without a match get empty cells. Keys
 * compare by typed value ({@link BindKeys}: {@code 101} equals {@code 101.0}, the text {@code "101"} does not
 * equal the number). The bind file is held in memory, so it may have at most {@code sheetflow.bind.max-rows} rows.
 * The result reports the statistics Pycelize computed but never returned.
 */
@Singleton
public class BindSingleKeyOperation implements Operation<BindSingleKeyOperation.Arguments> {

    public static final String NAME = "excel/bind-single-key";

    private final BindSettings settings;

    public BindSingleKeyOperation(BindSettings settings) {
        this.settings = settings;
    }

    /**
     * @param bindFile         the name or file id of another file of this conversation (required)
     * @param comparisonColumn the key column, in both files (required)
     * @param bindColumns      the bind file's columns to add (required, not the key, not already in the input)
     * @param sheetName        the input's sheet; the first one when absent
     * @param bindSheetName    the bind file's sheet; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("bind_file") String bindFile,
                            @ColumnArgument(value = ColumnArgument.Shape.NAME, table = ColumnArgument.Table.INPUT_AND_BIND_FILE)
                            @JsonProperty("comparison_column") String comparisonColumn,
                            @ColumnArgument(value = ColumnArgument.Shape.NAMES, table = ColumnArgument.Table.BIND_FILE)
                            @ColumnArgument(value = ColumnArgument.Shape.NAMES, table = ColumnArgument.Table.OUTPUT)
                            @JsonProperty("bind_columns") List<String> bindColumns,
                            @JsonProperty("sheet_name") String sheetName,
                            @JsonProperty("bind_sheet_name") String bindSheetName) {
        public Arguments {
            bindFile = BindFiles.blankToNull(bindFile);
            comparisonColumn = comparisonColumn == null || comparisonColumn.isEmpty() ? null : comparisonColumn;
            bindColumns = bindColumns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(bindColumns));
            sheetName = BindFiles.blankToNull(sheetName);
            bindSheetName = BindFiles.blankToNull(bindSheetName);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Adds columns from another file of the conversation to each row with the same value in a key column"
                + " (a left join keeping every row).";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        BindFiles.requireBindFile(arguments.bindFile());
        if (arguments.comparisonColumn() == null) {
            throw new InvalidArgumentException("comparison_column", "comparison_column parameter is required");
        }
        if (arguments.bindColumns().isEmpty()) {
            throw new InvalidArgumentException("bind_columns", "At least one bind column must be specified");
        }
        BindFiles.requireNames("bind_columns", arguments.bindColumns());
        if (arguments.bindColumns().contains(arguments.comparisonColumn())) {
            throw new InvalidArgumentException("bind_columns", "The comparison column '"
                    + arguments.comparisonColumn() + "' cannot also be a bind column");
        }
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        return KeyedBind.run(new KeyedBind.Request(NAME, "_bound_single", arguments.bindFile(),
                arguments.sheetName(), arguments.bindSheetName(), List.of(arguments.comparisonColumn()),
                arguments.bindColumns(), false, settings.maxRows()), context);
    }
}
