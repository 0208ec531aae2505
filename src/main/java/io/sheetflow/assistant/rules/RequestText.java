package io.sheetflow.assistant.rules;

import java.util.Arrays;

/**
 * A request as the parsers read it: the original text (for values, whose case matters) and a lower-case,
 * accent-free copy of the same length in which recognised parts (file names, sheet names) are masked with
 * {@code #}, so later parsers do not read them as columns or keywords.
 */
final class RequestText {

    static final char MASK = '#';

    private final String original;
    private final char[] lower;

    RequestText(String original) {
        this.original = original;
        this.lower = Words.lowerSameLength(original).toCharArray();
    }

    String original() {
        return original;
    }

    String lower() {
        return new String(lower);
    }

    String original(int start, int end) {
        return original.substring(start, end);
    }

    String lower(int start, int end) {
        return new String(lower, start, end - start);
    }

    int length() {
        return lower.length;
    }

    /** The part from {@code start} to {@code end}, with its masks. */
    RequestText slice(int start, int end) {
        RequestText slice = new RequestText(original.substring(start, end));
        System.arraycopy(lower, start, slice.lower, 0, end - start);
        return slice;
    }

    void mask(int start, int end) {
        Arrays.fill(lower, start, end, MASK);
    }
}
