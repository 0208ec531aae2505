package io.sheetflow.operation.template;

import io.sheetflow.operation.InvalidArgumentException;

import java.util.regex.Pattern;

/**
 * One template placeholder, {@code {name[:type][|default]}}: the text between the braces is split at the first
 * {@code |} (what follows is the default, kept as text), then at the first {@code :} (what follows is the type
 * hint); name, hint and default are trimmed. An empty hint ({@code {a:}}) means none; an unknown one is an
 * invalid template, reported before the run starts.
 *
 * @param text         the text between the braces, as written
 * @param name         the placeholder's name
 * @param hint         the type hint, or {@code null}
 * @param defaultValue the default for a null value, or {@code null} when none is given
 */
public record Placeholder(String text, String name, TypeHint hint, String defaultValue) {

    /** As in Pycelize: braces around anything that is not a closing brace. */
    public static final Pattern PATTERN = Pattern.compile("\\{([^}]+)}");

    /** Parses the text between the braces (no wildcards: used by JSON templates). */
    public static Placeholder parse(String text) {
        int bar = text.indexOf('|');
        String nameAndHint = bar < 0 ? text : text.substring(0, bar);
        return of(text, nameAndHint, defaultPart(text));
    }

    /** The default of {@code text} (after the first {@code |}, trimmed), or {@code null}. */
    public static String defaultPart(String text) {
        int bar = text.indexOf('|');
        return bar < 0 ? null : text.substring(bar + 1).strip();
    }

    /** The part before the first {@code |}, trimmed. */
    public static String beforeDefault(String text) {
        int bar = text.indexOf('|');
        return (bar < 0 ? text : text.substring(0, bar)).strip();
    }

    /**
     * @param nameAndHint {@code name} or {@code name:hint}
     * @throws InvalidArgumentException (field {@code template}) for an unknown type hint
     */
    public static Placeholder of(String text, String nameAndHint, String defaultValue) {
        int colon = nameAndHint.indexOf(':');
        String name = (colon < 0 ? nameAndHint : nameAndHint.substring(0, colon)).strip();
        TypeHint hint = null;
        if (colon >= 0) {
            String hintText = nameAndHint.substring(colon + 1).strip();
            if (!hintText.isEmpty()) {
                hint = TypeHint.fromText(hintText);
                if (hint == null) {
                    throw new InvalidArgumentException("template", "Unknown type hint '" + hintText
                            + "' in placeholder {" + text + "}. Known type hints: " + TypeHint.known());
                }
            }
        }
        return new Placeholder(text, name, hint, defaultValue);
    }

    /**
     * The value to use for a cell: the default when the cell is null (or empty text and a default is given),
     * then converted by the hint. {@code null} when there is neither a value nor a default.
     */
    public Object resolve(Object cell, char dateTimeSeparator) {
        Object value = cell;
        if (value == null || (defaultValue != null && value instanceof String text && text.isEmpty())) {
            value = defaultValue;
        }
        if (value == null) {
            return null;
        }
        return hint == null ? value : hint.convert(value, dateTimeSeparator);
    }
}
