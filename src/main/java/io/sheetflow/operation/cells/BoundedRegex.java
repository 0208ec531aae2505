package io.sheetflow.operation.cells;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user-supplied regular expression evaluated with a time bound per value, so a pattern that backtracks
 * catastrophically on some cell is cut off ({@link TimeoutException}) instead of holding a worker for hours.
 *
 * <p>The bound works by matching against a {@link CharSequence} that checks a deadline in {@code charAt}: every
 * step of the matcher reads characters, so a runaway match reads past the deadline and stops there.
 *
 * <p>Syntax follows Pycelize's Python {@code re}, which users' existing patterns are written for: Unicode
 * character classes ({@code \w}, {@code \d}, {@code \s} match non-ASCII letters, digits and spaces), Python named
 * groups {@code (?P<name>...)} and back-references {@code (?P=name)}, and Python replacement templates
 * ({@code \1}, {@code \g<1>}, {@code \g<name>}, {@code \\}, {@code \n}; a {@code $} is literal).
 * Instances are immutable and thread-safe.
 */
public final class BoundedRegex {

    /** The time one value may take: generous for any sane pattern, short enough to stop a runaway one. */
    public static final long DEFAULT_BUDGET_MILLIS = 100;

    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;

    private final String source;
    private final Pattern pattern;
    private final Set<String> groupNames;
    private final long budgetNanos;

    private BoundedRegex(String source, Pattern pattern, Set<String> groupNames, long budgetMillis) {
        this.source = source;
        this.pattern = pattern;
        this.groupNames = groupNames;
        this.budgetNanos = budgetMillis * 1_000_000L;
    }

    /**
     * @throws PatternSyntaxException when the pattern is invalid
     */
    public static BoundedRegex compile(String regex) {
        return compile(regex, DEFAULT_BUDGET_MILLIS);
    }

    public static BoundedRegex compile(String regex, long budgetMillis) {
        Set<String> names = new HashSet<>();
        String javaRegex = translatePython(regex, names);
        return new BoundedRegex(regex, Pattern.compile(javaRegex, FLAGS), Set.copyOf(names), budgetMillis);
    }

    /** The pattern as the user wrote it. */
    public String source() {
        return source;
    }

    public long budgetMillis() {
        return budgetNanos / 1_000_000L;
    }

    /**
     * True when the pattern matches anywhere in {@code text} (Python's {@code re.search}).
     *
     * @throws TimeoutException when matching takes longer than the budget
     */
    public boolean find(String text) {
        return pattern.matcher(new DeadlineText(text, System.nanoTime() + budgetNanos)).find();
    }

    /**
     * Replaces every match (Python's {@code re.sub}).
     *
     * @throws TimeoutException when matching takes longer than the budget
     */
    public String replaceAll(String text, Replacement replacement) {
        Matcher matcher = pattern.matcher(new DeadlineText(text, System.nanoTime() + budgetNanos));
        if (!matcher.find()) {
            return text;
        }
        StringBuilder result = new StringBuilder(text.length());
        int last = 0;
        do {
            result.append(text, last, matcher.start());
            replacement.appendTo(result, matcher);
            last = matcher.end();
        } while (matcher.find());
        return result.append(text, last, text.length()).toString();
    }

    /**
     * Parses a Python replacement template against this pattern's groups.
     *
     * @throws IllegalArgumentException naming the problem (a group that does not exist, a bad escape)
     */
    public Replacement replacement(String template) {
        int groupCount = pattern.matcher("").groupCount();
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '\\' || i == template.length() - 1) {
                literal.append(c);
                continue;
            }
            char next = template.charAt(++i);
            if (Character.isDigit(next)) {
                int end = i + 1;
                if (end < template.length() && Character.isDigit(template.charAt(end))) {
                    end++;
                }
                int group = Integer.parseInt(template.substring(i, end));
                if (group > groupCount) {
                    throw new IllegalArgumentException("the replacement refers to group " + group
                            + " but the pattern has " + groupCount);
                }
                flush(literal, parts);
                parts.add(group);
                i = end - 1;
            } else if (next == 'g') {
                int close = template.indexOf('>', i);
                if (i + 1 >= template.length() || template.charAt(i + 1) != '<' || close < 0) {
                    throw new IllegalArgumentException("the replacement has an unterminated \\g<...> group reference");
                }
                String name = template.substring(i + 2, close);
                flush(literal, parts);
                parts.add(groupReference(name, groupCount));
                i = close;
            } else {
                switch (next) {
                    case '\\' -> literal.append('\\');
                    case 'n' -> literal.append('\n');
                    case 't' -> literal.append('\t');
                    case 'r' -> literal.append('\r');
                    case 'f' -> literal.append('\f');
                    default -> {
                        if (next < 128 && Character.isLetter(next)) {
                            throw new IllegalArgumentException("the replacement has an unknown escape \\" + next);
                        }
                        literal.append('\\').append(next);
                    }
                }
            }
        }
        flush(literal, parts);
        return new Replacement(List.copyOf(parts));
    }

    private Object groupReference(String name, int groupCount) {
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            int group = Integer.parseInt(name);
            if (group > groupCount) {
                throw new IllegalArgumentException("the replacement refers to group " + group
                        + " but the pattern has " + groupCount);
            }
            return group;
        }
        if (!groupNames.contains(name)) {
            throw new IllegalArgumentException("the replacement refers to group '" + name
                    + "', which the pattern does not define");
        }
        return new GroupName(name);
    }

    /** A named group reference in a replacement (plain strings in the parts are literal text). */
    private record GroupName(String name) {
    }

    private static void flush(StringBuilder literal, List<Object> parts) {
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
            literal.setLength(0);
        }
    }

    /**
     * Python's {@code (?P<name>...)} and {@code (?P=name)} in Java's spelling; collects the named groups.
     * Escapes and character classes are copied as they are.
     */
    static String translatePython(String regex, Set<String> groupNames) {
        StringBuilder java = new StringBuilder(regex.length());
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                java.append(c).append(regex.charAt(++i));
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                java.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                java.append(c);
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    java.append(regex.charAt(++i));
                }
                continue;
            }
            if (c == '(' && regex.startsWith("(?P<", i)) {
                java.append("(?<");
                i += 3;
                groupNames.add(nameAt(regex, i + 1, '>'));
                continue;
            }
            if (c == '(' && regex.startsWith("(?P=", i)) {
                String name = nameAt(regex, i + 4, ')');
                java.append("\\k<").append(name).append('>');
                i += 4 + name.length();
                continue;
            }
            if (c == '(' && regex.startsWith("(?<", i) && i + 3 < regex.length()
                    && Character.isLetter(regex.charAt(i + 3))) {
                groupNames.add(nameAt(regex, i + 3, '>'));
            }
            java.append(c);
        }
        return java.toString();
    }

    private static String nameAt(String regex, int from, char terminator) {
        int end = regex.indexOf(terminator, from);
        return end < 0 ? regex.substring(from) : regex.substring(from, end);
    }

    /** A parsed replacement template: literal text and group references (numbers or names). */
    public static final class Replacement {
        private final List<Object> parts;

        private Replacement(List<Object> parts) {
            this.parts = parts;
        }

        void appendTo(StringBuilder out, Matcher matcher) {
            for (Object part : parts) {
                if (part instanceof String text) {
                    out.append(text);
                } else {
                    String group = part instanceof Integer index ? matcher.group(index)
                            : matcher.group(((GroupName) part).name());
                    if (group != null) {
                        out.append(group);
                    }
                }
            }
        }
    }

    /** Matching one value took longer than the budget. */
    public static final class TimeoutException extends RuntimeException {
        public TimeoutException() {
            super("regular expression timed out", null, false, false);
        }
    }

    /** The value being matched, with the deadline checked every {@value #CHECK_EVERY} character reads. */
    private static final class DeadlineText implements CharSequence {
        private static final int CHECK_EVERY = 1 << 10;

        private final String text;
        private final long deadline;
        private int reads;

        DeadlineText(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (++reads % CHECK_EVERY == 0 && System.nanoTime() - deadline > 0) {
                throw new TimeoutException();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A one-line description of a syntax error, without Java's multi-line caret display. */
    public static String describe(PatternSyntaxException e) {
        return e.getIndex() >= 0 ? e.getDescription() + " near index " + e.getIndex() : e.getDescription();
    }
}
