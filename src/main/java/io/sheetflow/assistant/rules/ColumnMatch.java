package io.sheetflow.assistant.rules;

import io.sheetflow.assistant.ColumnFacts;

import java.util.List;

/** What a phrase of the request names among a table's headers. */
sealed interface ColumnMatch {

    /** Exactly one header. */
    record Found(ColumnFacts column) implements ColumnMatch {
    }

    /** Several headers fit equally well. */
    record Ambiguous(List<String> headers) implements ColumnMatch {
    }

    /** No header, but these are close in spelling (best first). */
    record Nearest(List<String> headers) implements ColumnMatch {
    }

    /** Nothing like it. */
    record Missing() implements ColumnMatch {
    }
}
