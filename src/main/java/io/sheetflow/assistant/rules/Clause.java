package io.sheetflow.assistant.rules;

/** One part of a request: what it asks for and where it is in the text ({@code start} is its trigger word). */
record Clause(ClauseKind kind, int start, int triggerEnd, int end) {

    Clause extendedTo(int newEnd) {
        return new Clause(kind, start, triggerEnd, newEnd);
    }
}
