package io.sheetflow.operation.normalize;

import java.util.Locale;

/** Python's string methods Pycelize's text normalizations use, for identical results. */
final class PythonText {

    private PythonText() {
    }

    /**
     * {@code str.title()}: a letter after a cased letter is lower-cased, any other letter title-cased, so
     * {@code "o'neil"} is {@code "O'Neil"} and {@code "3rd"} is {@code "3Rd"}.
     */
    static String title(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean previousCased = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            out.appendCodePoint(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousCased = Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** {@code str.strip()}: removes leading and trailing Unicode white space, no-break spaces included. */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == text.length() ? text : text.substring(start, end);
    }

    static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
