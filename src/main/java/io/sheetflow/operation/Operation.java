package io.sheetflow.operation;

/**
 * One spreadsheet operation, usable as a workflow step and as a one-shot REST endpoint.
 * Implementations are singletons, one class per operation, and must be thread-safe.
 *
 * @param <A> the typed arguments record, bound from the step's JSON {@code arguments}
 */
public interface Operation<A> {

    /** The operation name as in Pycelize, e.g. {@code excel/extract-columns-to-file}. */
    String name();

    /** One sentence for clients building forms. */
    String description();

    /** The record the step's JSON arguments are bound to (snake_case JSON names via {@code @JsonProperty}). */
    Class<A> argumentsType();

    /**
     * Checks arguments that binding alone cannot check, before the run is accepted.
     * Throw {@link InvalidArgumentException} naming the offending field.
     */
    default void validate(A arguments) {
    }

    /**
     * Runs the operation on {@link OperationContext#input()}. Writes outputs through
     * {@link OperationContext#createOutput}, reports progress through {@link OperationContext#progress()}
     * (which throws {@link RunCancelledException} when the run was cancelled).
     *
     * @return the step's JSON-able result (e.g. counts, statistics)
     * @throws OperationFailedException for a problem with the user's data (missing column, unreadable file)
     */
    StepResult execute(A arguments, OperationContext context) throws Exception;
}
