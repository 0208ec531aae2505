package io.sheetflow.assistant;

/**
 * Turns a user's request into a plan over the operation catalogue. Implementations never run anything and
 * never invent a column: every column they name is one of {@link FileFacts}' headers.
 */
public interface Planner {

    /** The configuration name of this planner ({@code rules}, {@code llm}). */
    String name();

    /**
     * Plans one message. Text meant for the user as it is produced (a model's streamed answer) goes to
     * {@code deltas} in order; a planner that produces its answer at once may send nothing there.
     */
    PlanOutcome plan(PlanRequest request, TextSink deltas);

    /** Receives the chunks of an answer as they are produced. */
    @FunctionalInterface
    interface TextSink {
        TextSink NONE = chunk -> { };

        void accept(String chunk);
    }
}
