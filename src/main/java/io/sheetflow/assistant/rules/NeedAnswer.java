package io.sheetflow.assistant.rules;

import java.util.List;

/**
 * Something required is missing or unclear: the one question to ask. {@code missing} names the slot
 * ({@code file}, {@code bind_file}, {@code column}, {@code columns}, {@code key}, {@code table_name},
 * {@code format}, {@code mapping}); {@code phrase} is the words of the request the question is about and
 * {@code choices} the names the answer may pick from (the suggestion first for "did you mean").
 */
final class NeedAnswer extends RuntimeException {

    private final String missing;
    private final String phrase;
    private final List<String> choices;
    private final List<String> suggestions;

    NeedAnswer(String question, String missing, String phrase, List<String> choices, List<String> suggestions) {
        super(question, null, false, false);
        this.missing = missing;
        this.phrase = phrase;
        this.choices = List.copyOf(choices);
        this.suggestions = List.copyOf(suggestions);
    }

    NeedAnswer(String question, String missing, List<String> choices) {
        this(question, missing, "", choices, List.of());
    }

    String missing() {
        return missing;
    }

    String phrase() {
        return phrase;
    }

    List<String> choices() {
        return choices;
    }

    List<String> suggestions() {
        return suggestions;
    }
}
