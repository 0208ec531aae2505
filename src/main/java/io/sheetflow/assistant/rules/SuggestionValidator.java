package io.sheetflow.assistant.rules;

import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PlannedStep;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationRegistry;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/** Binds every planned step's arguments as a run would, so no invalid workflow is ever offered. */
@Singleton
public class SuggestionValidator {

    private final OperationRegistry registry;

    public SuggestionValidator(OperationRegistry registry) {
        this.registry = registry;
    }

    /** Why the steps cannot run as they are, or empty when every step binds. */
    public Optional<String> problem(List<PlannedStep> steps) {
        if (steps.isEmpty()) {
            return Optional.of("the plan has no steps");
        }
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep step = steps.get(i);
            Optional<Operation<?>> operation = registry.find(step.operation());
            if (operation.isEmpty()) {
                return Optional.of("step " + (i + 1) + ": unknown operation " + step.operation());
            }
            try {
                bind(operation.get(), step);
            } catch (InvalidArgumentException e) {
                return Optional.of("step " + (i + 1) + " (" + step.operation() + "): " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Why a plan from outside these rules (a language model's) cannot be offered: its input file is not one of
     * {@code files}, a step does not bind, or a step names a column (or bind file) the files do not have.
     */
    public Optional<String> problem(String inputFileId, List<PlannedStep> steps, List<FileFacts> files) {
        Optional<FileFacts> input = files.stream().filter(f -> f.id().equals(inputFileId)).findFirst();
        if (input.isEmpty()) {
            return Optional.of("unknown input file id '" + inputFileId + "'");
        }
        return problem(steps).or(() -> ColumnReferences.problem(steps, input.get(), files));
    }

    private <A> void bind(Operation<A> operation, PlannedStep step) {
        registry.bind(operation, step.arguments());
    }
}
