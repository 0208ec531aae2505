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
 * {@code excel/bind-multi-key}: {@link BindSingleKeyOperation} with a composite key: a bind-file row matches when
 * every comparison column has the same value (and none is empty). Output {@code <input>_bound_multi.xlsx}.
 */
@Singleton
public class BindMultiKeyOperation implements Operation<BindMultiKeyOperation.Arguments> {

    public static final String NAME = "excel/bind-multi-key";

    private final BindSettings settings;

    public BindMultiKeyOperation(BindSettings settings) {
        this.settings = settings;
    }

    /**
     * @param bindFile          the name or file id of another file of this conversation (required)
     * @param comparisonColumns the key columns, in both files (required)
     * @param bindColumns       the bind file's columns to add (required, no key column, none already in the input)
     * @param sheetName         the input's sheet; the first one when absent
     * @param bindSheetName     the bind file's sheet; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("bind_file") String bindFile,
                            @ColumnArgument(value = ColumnArgument.Shape.NAMES, table = ColumnArgument.Table.INPUT_AND_BIND_FILE)
                            @JsonProperty("comparison_columns") List<String> comparisonColumns,
                            @ColumnArgument(value = ColumnArgument.Shape.NAMES, table = ColumnArgument.Table.BIND_FILE)
                            @ColumnArgument(value = ColumnArgument.Shape.NAMES, table = ColumnArgument.Table.OUTPUT)
                            @JsonProperty("bind_columns") List<String> bindColumns,
                            @JsonProperty("sheet_name") String sheetName,
                            @JsonProperty("bind_sheet_name") String bindSheetName) {
        public Arguments {
            bindFile = BindFiles.blankToNull(bindFile);
            comparisonColumns = comparisonColumns == null ? List.of()
                    : Collections.unmodifiableList(new ArrayList<>(comparisonColumns));
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
        return "Adds columns from another file of the conversation to each row matching on several key columns"
                + " (a left join keeping every row).";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        BindFiles.requireBindFile(arguments.bindFile());
        if (arguments.comparisonColumns().isEmpty()) {
            throw new InvalidArgumentException("comparison_columns",
                    "At least one comparison column must be specified");
        }
        BindFiles.requireNames("comparison_columns", arguments.comparisonColumns());
        if (arguments.bindColumns().isEmpty()) {
            throw new InvalidArgumentException("bind_columns", "At least one bind column must be specified");
        }
        BindFiles.requireNames("bind_columns", arguments.bindColumns());
        List<String> both = arguments.bindColumns().stream().filter(arguments.comparisonColumns()::contains).toList();
        if (!both.isEmpty()) {
            throw new InvalidArgumentException("bind_columns", "Comparison columns cannot also be bind columns: "
                    + BindFiles.listText(both));
        }
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        return KeyedBind.run(new KeyedBind.Request(NAME, "_bound_multi", arguments.bindFile(),
                arguments.sheetName(), arguments.bindSheetName(), arguments.comparisonColumns(),
                arguments.bindColumns(), true, settings.maxRows()), context);
    }
}
