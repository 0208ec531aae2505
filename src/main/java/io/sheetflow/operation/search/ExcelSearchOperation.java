package io.sheetflow.operation.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.StepResult;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code excel/search}: the rows matching conditions (all of them, or any), written to
 * {@code <input>_search.xlsx} (or .csv, .json). Reads .xlsx, .xls and .csv inputs.
 */
@Singleton
public class ExcelSearchOperation implements Operation<ExcelSearchOperation.Arguments> {

    public static final String NAME = "excel/search";

    /**
     * @param conditions   the conditions (required, non-empty)
     * @param logic        {@code AND} (default) or {@code OR}
     * @param outputFormat {@code xlsx} (default), {@code csv} or {@code json}
     * @param sheetName    the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(
            @JsonProperty("conditions")
            @JsonPropertyDescription("Required, non-empty. The conditions, each {column, operator, value}.")
            List<SearchCondition> conditions,
            @JsonProperty(value = "logic", defaultValue = "AND")
            @JsonPropertyDescription("AND (the default): a row matches when every condition holds; OR: when at"
                    + " least one does. Any case.")
            String logic,
            @JsonProperty(value = "output_format", defaultValue = "xlsx")
            @JsonPropertyDescription("The matching rows' file format: xlsx (the default), csv or json (an array of"
                    + " objects). The output is named <input>_search.<format>.")
            String outputFormat,
            @JsonProperty("sheet_name")
            @JsonPropertyDescription("The worksheet to read when the input is a workbook; the first sheet when"
                    + " absent. Ignored for CSV.")
            String sheetName) implements SearchArguments {
        public Arguments {
            conditions = conditions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(conditions));
            logic = logic == null || logic.isBlank() ? "AND" : logic;
            outputFormat = outputFormat == null || outputFormat.isBlank() ? "xlsx" : outputFormat;
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
        return "Keeps the rows matching conditions (typed comparisons, literal text search, regular expressions) in"
                + " an Excel, CSV or JSON file.";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        TableSearch.plan(arguments);
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        return TableSearch.execute(NAME, arguments, context);
    }
}
