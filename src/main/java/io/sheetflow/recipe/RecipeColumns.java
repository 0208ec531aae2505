package io.sheetflow.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.operation.ColumnArgument;
import io.sheetflow.operation.ColumnArguments;
import io.sheetflow.operation.ColumnArguments.ColumnReference;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.workflow.ExecuteRequest.StepRequest;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns a recipe's steps need from the input file, and the steps with those columns renamed. A column an
 * earlier step creates (a mapping's target, a bind's bound column) is not needed from the input, nor renamed.
 */
@Singleton
public class RecipeColumns {
    private final OperationRegistry operations;

    public RecipeColumns(OperationRegistry operations) {
        this.operations = operations;
    }

    /** The input columns the steps read, in the order first read, each once. */
    public List<String> required(List<StepRequest> steps) {
        Set<String> required = new LinkedHashSet<>();
        Set<String> produced = new HashSet<>();
        for (StepRequest step : steps) {
            List<ColumnReference> references = ColumnArguments.find(argumentsType(step), step.arguments());
            for (ColumnReference reference : references) {
                if (reference.table().readsInput() && !produced.contains(reference.column())) {
                    required.add(reference.column());
                }
            }
            addProduced(references, produced);
        }
        return List.copyOf(required);
    }

    /** The steps with every input column that {@code columnMap} names replaced by its mapped name. */
    public List<StepRequest> renamed(List<StepRequest> steps, Map<String, String> columnMap) {
        if (columnMap.isEmpty()) {
            return steps;
        }
        List<StepRequest> renamed = new ArrayList<>(steps.size());
        Set<String> produced = new HashSet<>();
        for (StepRequest step : steps) {
            Class<?> type = argumentsType(step);
            JsonNode arguments = ColumnArguments.rename(type, step.arguments(), reference ->
                    reference.table().readsInput() && !produced.contains(reference.column())
                            ? columnMap.get(reference.column()) : null);
            renamed.add(new StepRequest(step.operation(), arguments));
            addProduced(ColumnArguments.find(type, step.arguments()), produced);
        }
        return renamed;
    }

    private static void addProduced(List<ColumnReference> references, Set<String> produced) {
        for (ColumnReference reference : references) {
            if (reference.table() == ColumnArgument.Table.OUTPUT) {
                produced.add(reference.column());
            }
        }
    }

    private Class<?> argumentsType(StepRequest step) {
        return operations.find(step.operation()).map(Operation::argumentsType).orElseThrow(() ->
                new IllegalArgumentException("Unknown operation " + step.operation()));
    }
}
