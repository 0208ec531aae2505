package io.sheetflow.operation.sql;

import io.sheetflow.operation.template.Placeholder;
import io.sheetflow.operation.template.TypeHint;
import io.sheetflow.sheet.CellText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A SQL statement template, rendered once per row: Pycelize's custom template language (and, with other
 * built-in names, the {@code template} of {@code sql/generate}). Compiled once, so rendering a row is a walk over
 * text segments and placeholder slots.
 *
 * <h2>Placeholders</h2>
 * {@code {[wildcards]name[:type][wildcards][|default]}}, found with Pycelize's pattern {@code \{([^}]+)\}}:
 * <ul>
 *   <li>{@code name} is looked up among the known names: the {@code column_mapping} keys (the row's value of the
 *       mapped column), {@code auto_id} and the auto-increment column name when auto-increment is enabled (the
 *       row's id; this wins over a mapping key of the same name), and built-ins ({@code {current_timestamp}} is
 *       {@code CURRENT_TIMESTAMP}; in {@code sql/generate} templates it is {@code NOW()} / {@code datetime('now')}
 *       and {@code {current_date}} exists too). A mapping key wins over a built-in. Unknown names are null.</li>
 *   <li>{@code :type} is a {@link TypeHint}: {@code int} (truncates, {@code 25.5 -> 25}), {@code float}
 *       ({@code 30 -> 30.0}), {@code bool}, {@code datetime}, {@code string}; a value that does not convert stays
 *       as it is. An unknown hint makes the template invalid.</li>
 *   <li>{@code |default} (text) replaces a null value. Without a default a null renders {@code NULL}.</li>
 * </ul>
 *
 * <h2>Wildcards, and names with underscores</h2>
 * {@code %} and {@code _} at the start of the placeholder and at its end (after the type, if any) are SQL LIKE
 * wildcards put inside the quotes of the value: {@code name LIKE {%name%}} renders {@code name LIKE '%John%'},
 * {@code {_name}} renders {@code '_John'}. Pycelize stripped them always, so a placeholder named {@code _id}
 * or {@code name_} could never be filled (its defect 20). Here a name is first taken with as many of those
 * characters as make it a <em>known</em> name: among the names obtained by keeping some of the leading
 * characters (the ones next to the name) and, without a type, some of the trailing ones, the longest known one
 * wins; on a tie, the one keeping more leading characters. Only the characters left over are wildcards.
 * So with {@code _id} mapped, {@code {_id}} is the {@code _id} value and {@code {%_id%}} is {@code '%<value>%'};
 * with {@code name_} mapped, {@code {name_}} is its value; with only {@code name} mapped, {@code {_name_}} is
 * {@code '_<value>_'}. When no candidate is known, every such character is a wildcard (and the name is unknown).
 * A value with wildcards is always written as quoted text.
 *
 * <h2>Inside a string literal</h2>
 * A placeholder preceded by an odd number of {@code '} in the template's own text (so {@code ''} counts as
 * none) sits inside a string literal, as in {@code 'prefix_{name}'}: it renders the escaped text of the value
 * without quotes, an empty text for null, and no wildcards.
 *
 * <h2>Values</h2>
 * Outside a string: text quoted and escaped for the dialect ({@link SqlDialect}); numbers bare (a {@code float}
 * hint writes a decimal point); booleans {@code TRUE}/{@code FALSE} (postgresql) or {@code 1}/{@code 0}; dates
 * and date-times as the dialect writes them; expressions ({@code nextval(...)}, {@code CURRENT_TIMESTAMP}) as
 * they are. Cells keep their types, so a number cell is never quoted and an empty cell is {@code NULL}.
 */
public final class SqlTemplate {

    /** What a placeholder name stands for. */
    sealed interface Binding permits Column, AutoId, Expression {
    }

    /** The row's value at this index. */
    record Column(int index) implements Binding {
    }

    /** The row's id (a counter or an expression, given per row). */
    record AutoId() implements Binding {
    }

    /** A fixed SQL expression. */
    record Expression(String sql) implements Binding {
    }

    private record Slot(Placeholder placeholder, Binding binding, String leadingWildcards, String trailingWildcards,
                        boolean insideString) {
    }

    private final List<Object> segments;
    private final SqlDialect dialect;

    private SqlTemplate(List<Object> segments, SqlDialect dialect) {
        this.segments = segments;
        this.dialect = dialect;
    }

    /**
     * @param names the known names and what they stand for
     * @throws io.sheetflow.operation.InvalidArgumentException (field {@code template}) for an unknown type hint
     */
    public static SqlTemplate compile(String template, Map<String, Binding> names, SqlDialect dialect) {
        List<Object> segments = new ArrayList<>();
        Matcher matcher = Placeholder.PATTERN.matcher(template);
        boolean insideString = false;
        int textStart = 0;
        while (matcher.find()) {
            String text = template.substring(textStart, matcher.start());
            insideString ^= (count(text, '\'') % 2) == 1;
            if (!text.isEmpty()) {
                segments.add(text);
            }
            segments.add(slot(matcher.group(1), names, insideString));
            textStart = matcher.end();
        }
        if (textStart < template.length()) {
            segments.add(template.substring(textStart));
        }
        return new SqlTemplate(List.copyOf(segments), dialect);
    }

    /** One pair of matching outer quotes ({@code "..."} or {@code '...'}) removed, as Pycelize does. */
    public static String withoutOuterQuotes(String template) {
        if (template.length() >= 2) {
            char first = template.charAt(0);
            if ((first == '"' || first == '\'') && template.charAt(template.length() - 1) == first) {
                return template.substring(1, template.length() - 1);
            }
        }
        return template;
    }

    private static Slot slot(String inner, Map<String, Binding> names, boolean insideString) {
        String left = Placeholder.beforeDefault(inner);
        String defaultValue = Placeholder.defaultPart(inner);
        int leadEnd = 0;
        while (leadEnd < left.length() && isWildcard(left.charAt(leadEnd))) {
            leadEnd++;
        }
        int trailStart = left.length();
        while (trailStart > leadEnd && isWildcard(left.charAt(trailStart - 1))) {
            trailStart--;
        }
        String lead = left.substring(0, leadEnd);
        String core = left.substring(leadEnd, trailStart);
        String trail = left.substring(trailStart);
        int colon = core.indexOf(':');
        String coreName = colon < 0 ? core : core.substring(0, colon);
        String hintPart = colon < 0 ? "" : core.substring(colon);
        int maxTrail = colon < 0 ? trail.length() : 0;

        String bestName = null;
        int bestLead = 0;
        int bestTrail = 0;
        for (int keptLead = lead.length(); keptLead >= 0; keptLead--) {
            for (int keptTrail = maxTrail; keptTrail >= 0; keptTrail--) {
                String candidate = (lead.substring(lead.length() - keptLead) + coreName
                        + trail.substring(0, keptTrail)).strip();
                if (names.containsKey(candidate) && (bestName == null || candidate.length() > bestName.length())) {
                    bestName = candidate;
                    bestLead = keptLead;
                    bestTrail = keptTrail;
                }
            }
        }
        String nameAndHint = lead.substring(lead.length() - bestLead) + coreName + trail.substring(0, bestTrail)
                + hintPart;
        Placeholder placeholder = Placeholder.of(inner, nameAndHint, defaultValue);
        return new Slot(placeholder, names.get(placeholder.name()), lead.substring(0, lead.length() - bestLead),
                trail.substring(bestTrail), insideString);
    }

    private static boolean isWildcard(char c) {
        return c == '%' || c == '_';
    }

    private static int count(String text, char wanted) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == wanted) {
                count++;
            }
        }
        return count;
    }

    /**
     * Appends the statement for one row.
     *
     * @param autoId the row's id ({@code Long} counter or {@link SqlExpression}), or null without auto-increment
     */
    public void render(StringBuilder out, Object[] row, Object autoId) {
        for (Object segment : segments) {
            if (segment instanceof String text) {
                out.append(text);
            } else {
                renderSlot(out, (Slot) segment, row, autoId);
            }
        }
    }

    private void renderSlot(StringBuilder out, Slot slot, Object[] row, Object autoId) {
        Binding binding = slot.binding();
        Object value;
        if (binding instanceof Column column) {
            value = row[column.index()];
        } else if (binding instanceof AutoId) {
            value = autoId;
        } else if (binding instanceof Expression expression) {
            value = new SqlExpression(expression.sql());
        } else {
            value = null;
        }
        if (value instanceof SqlExpression expression) {
            if (slot.insideString()) {
                dialect.appendEscaped(out, expression.sql());
            } else {
                out.append(expression.sql());
            }
            return;
        }
        TypeHint hint = slot.placeholder().hint();
        Object resolved = slot.placeholder().resolve(value, ' ');
        if (resolved == null) {
            if (!slot.insideString()) {
                out.append("NULL");
            }
        } else if (slot.insideString()) {
            dialect.appendEscaped(out, text(resolved, hint));
        } else if (!slot.leadingWildcards().isEmpty() || !slot.trailingWildcards().isEmpty()) {
            out.append('\'').append(slot.leadingWildcards());
            dialect.appendEscaped(out, text(resolved, hint));
            out.append(slot.trailingWildcards()).append('\'');
        } else if (hint == TypeHint.FLOAT && resolved instanceof Double number) {
            out.append(TypeHint.floatText(number));
        } else {
            dialect.appendLiteral(out, resolved);
        }
    }

    private static String text(Object value, TypeHint hint) {
        if (hint == TypeHint.FLOAT && value instanceof Double number) {
            return TypeHint.floatText(number);
        }
        return CellText.of(value);
    }
}
