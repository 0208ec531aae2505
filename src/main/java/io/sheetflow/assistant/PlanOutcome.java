package io.sheetflow.assistant;

import java.util.List;

/** What a planner answers: a workflow to offer, one question to ask, or a plain "I did not understand". */
public sealed interface PlanOutcome {

    /** The text shown to the user as the assistant's answer. */
    String text();

    /**
     * A workflow ready to offer: every step already validated against its operation's arguments.
     * {@code inputFileId} is the id of the conversation file the first step reads; {@code intent} names what
     * was recognised (the Pycelize chatbot's intent names where one applies, e.g. {@code extract_columns}).
     */
    record Suggestion(String text, String intent, String inputFileId, List<PlannedStep> steps) implements PlanOutcome {
        public Suggestion {
            steps = List.copyOf(steps);
        }
    }

    /** Something required could not be filled: one question, and the partial plan its answer completes. */
    record Question(String text, PendingPlan pending) implements PlanOutcome {
    }

    /** Nothing could be planned: says what was not understood (and what the assistant can do). */
    record NotUnderstood(String text) implements PlanOutcome {
    }
}
