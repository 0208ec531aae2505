package io.sheetflow.assistant.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.assistant.ColumnFacts;
import io.sheetflow.operation.search.SearchOperators;
import io.sheetflow.sheet.ColumnType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conditions in words to search conditions: "status is active and age over 30", "signed up after March 2024",
 * "name contains smith". The operator is chosen for the column's type (numbers compare as numbers, dates with
 * before/after/between) and text values take the spelling of a matching sample ("active" is {@code Active}).
 */
final class ConditionParser {

    /** The conditions of one search and how they combine. */
    record Conditions(List<ObjectNode> conditions, String logic) {
    }

    private enum Op { NOT_CONTAINS, IS_NOT_EMPTY, IS_EMPTY, STARTS_WITH, ENDS_WITH, MATCHES, CONTAINS, BETWEEN, GTE, LTE,
        GT, LT, AFTER, BEFORE, IN, ON, NOT_EQUALS, EQUALS }

    private record OpPattern(Op op, Pattern pattern) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<OpPattern> OPERATORS = List.of(
            op(Op.NOT_CONTAINS, "(?:does not|doesn't|do not|don't) (?:contain|include|have|mention)|not containing|without|excluding"),
            op(Op.IS_NOT_EMPTY, "(?:is not|isn't|are not|aren't) (?:empty|blank|missing|null)|not (?:empty|blank|missing|null)|"
                    + "(?:is|are) (?:filled(?: in)?|present|set|known)|has an? value|non-?empty"),
            op(Op.IS_EMPTY, "(?:is|are) (?:empty|blank|missing|null)|empty|blank|missing|has no value|with no|without an?|no"),
            op(Op.STARTS_WITH, "(?:starts?|starting|begins?|beginning) with"),
            op(Op.ENDS_WITH, "(?:ends?|ending) (?:with|in)"),
            op(Op.MATCHES, "(?:matches|matching)(?: (?:the )?(?:regex|pattern|regular expression))?"),
            op(Op.CONTAINS, "contains?|containing|includes?|including|mentions?|like|has"),
            op(Op.BETWEEN, "between"),
            op(Op.GTE, "greater than or equal to|at least|>=|no less than|or more|or older|or later|or above|and up|and above"),
            op(Op.LTE, "less than or equal to|at most|<=|no more than|up to|or less|or younger|or earlier|or below"),
            op(Op.GT, "greater than|more than|over|above|>|bigger than|larger than|higher than|exceeds|exceeding|older than"),
            op(Op.LT, "less than|fewer than|under|below|<|smaller than|lower than|younger than"),
            op(Op.AFTER, "after|since|later than|from"),
            op(Op.BEFORE, "before|until|till|earlier than|prior to"),
            op(Op.IN, "in|during"),
            op(Op.ON, "on"),
            op(Op.NOT_EQUALS, "is not|isn't|are not|aren't|not equal to|not equals|does not equal|doesn't equal|!=|<>|other than|is different from|not"),
            op(Op.EQUALS, "is equal to|equal to|equals?|is|are|==|=|was|were|of|:"));
    private static final Pattern TRAILING_COMPARISON = Pattern.compile("\\b(?:or|and) (?:more|less|older|younger|later|earlier|above|below|up)\\b");
    /** A verb for when a row's event happened: the date column is implied ("signed up after March 2024"). */
    private static final Pattern EVENT_VERB = Pattern.compile("(?:signed up|registered|joined|created|ordered|placed|born|"
            + "bought|purchased|shipped|made|sent|paid)");
    private static final Pattern TRAILING_NOISE = Pattern.compile("(?:\\s+(?:ones|rows|records|entries|lines|customers|"
            + "people|users|clients|orders|products|only))+\\s*$");
    private static final Pattern NOISE = Pattern.compile("^(?:(?:customers|people|users|clients|orders|products|employees|rows|records|lines|entries|items|ones|those|the|only|all|any|who|that|which|with|whose|have|has|are|is)\\s+)+");

    private ConditionParser() {
    }

    private static OpPattern op(Op op, String alternatives) {
        return new OpPattern(op, Pattern.compile("(?<![a-z0-9])(?:" + alternatives + ")(?![a-z0-9])"));
    }

    /**
     * @param lower    the clause in lower case with search trigger words blanked, same length as {@code original}
     * @param context  the whole clause in lower case, for hints such as "signed up"
     */
    static Conditions parse(String lower, String original, String context, List<ColumnFacts> columns,
                            Map<String, String> corrections, String where) {
        char[] protectedText = lower.toCharArray();
        protect(protectedText, Pattern.compile("\\bbetween\\s+\\S+(?:\\s+\\S+){0,2}?\\s+(and)\\s+"), 1);
        protect(protectedText, TRAILING_COMPARISON, 0);
        protectQuotes(protectedText);
        String text = new String(protectedText);
        Matcher separators = Pattern.compile(",|;|\\band\\b|\\bor\\b|\\balso\\b|\\bbut\\b").matcher(text);
        List<int[]> parts = new ArrayList<>();
        boolean sawAnd = false;
        boolean sawOr = false;
        int from = 0;
        while (separators.find()) {
            parts.add(new int[]{from, separators.start()});
            sawAnd |= separators.group().equals("and") || separators.group().equals("but");
            sawOr |= separators.group().equals("or");
            from = separators.end();
        }
        parts.add(new int[]{from, text.length()});
        if (sawAnd && sawOr) {
            throw new CannotPlan("I can combine conditions with all 'and' or all 'or', not both in one search.");
        }
        List<ObjectNode> conditions = new ArrayList<>();
        ColumnFacts previousColumn = null;
        Op previousOp = null;
        for (int[] part : parts) {
            String partLower = restore(text.substring(part[0], part[1]));
            String partOriginal = original.substring(part[0], part[1]);
            if (Phrases.strip(partLower.replace(RequestText.MASK, ' ')).isEmpty()
                    || Phrases.namesNoColumn(partLower.replace(RequestText.MASK, ' '))) {
                continue;
            }
            Parsed parsed = parsePart(partLower, partOriginal, context, columns, corrections, where, previousColumn,
                    previousOp);
            conditions.add(parsed.condition());
            previousColumn = parsed.column();
            previousOp = parsed.op();
        }
        if (conditions.isEmpty()) {
            throw new NeedAnswer("Which rows should I keep? For example: status is active and age over 30.",
                    "condition", List.of());
        }
        return new Conditions(conditions, sawOr ? "OR" : "AND");
    }

    private record Parsed(ObjectNode condition, ColumnFacts column, Op op) {
    }

    private static Parsed parsePart(String lower, String original, String context, List<ColumnFacts> columns,
                                    Map<String, String> corrections, String where, ColumnFacts previousColumn,
                                    Op previousOp) {
        Op op = null;
        int opStart = -1;
        int opEnd = -1;
        for (OpPattern candidate : OPERATORS) {
            Matcher m = candidate.pattern().matcher(lower);
            if (m.find()) {
                op = candidate.op();
                opStart = m.start();
                opEnd = m.end();
                break;
            }
        }
        String subject;
        String valueLower;
        String valueOriginal;
        if (op == null) {
            return withoutOperator(lower, original, columns, corrections, where, previousColumn, previousOp);
        }
        subject = clean(lower.substring(0, opStart));
        valueLower = lower.substring(opEnd);
        valueOriginal = original.substring(opEnd);
        if (op == Op.GTE || op == Op.LTE) {
            // "30 or more": the value comes before the words
            if (lower.substring(opStart).matches("^(?:or|and) .*")) {
                String before = lower.substring(0, opStart).strip();
                int cut = before.lastIndexOf(' ');
                subject = clean(cut < 0 ? "" : before.substring(0, cut));
                valueLower = cut < 0 ? before : before.substring(cut + 1);
                valueOriginal = valueLower;
            }
        }
        ColumnFacts column;
        if ((op == Op.IS_EMPTY || op == Op.IS_NOT_EMPTY) && subject.isEmpty()) {
            column = Phrases.column(Phrases.strip(valueLower), columns, corrections, where);
            return new Parsed(condition(column, op == Op.IS_EMPTY ? "is_empty" : "is_not_empty", null), column, op);
        }
        if (!subject.isEmpty() && !Phrases.namesNoColumn(subject) && !EVENT_VERB.matcher(subject).matches()) {
            column = Phrases.column(subject, columns, corrections, where);
        } else {
            column = implied(op, lower, valueLower, context, columns, corrections, where, previousColumn);
        }
        return new Parsed(build(column, op, valueLower, valueOriginal), column, op);
    }

    private static Parsed withoutOperator(String lowerPart, String originalPart, List<ColumnFacts> columns,
                                          Map<String, String> corrections, String where, ColumnFacts previousColumn,
                                          Op previousOp) {
        // Only what is left once trigger words and file mentions are blanked: "find active customers" is "active".
        String lower = TRAILING_NOISE.matcher(lowerPart).replaceFirst("");
        String original = visible(lower, originalPart.substring(0, lower.length()));
        String stripped = clean(lower);
        List<String> tokens = Words.tokens(Words.fold(stripped));
        // "status active": the longest leading words naming a header, the rest is the value
        for (int n = tokens.size(); n >= 1; n--) {
            ColumnMatch match = ColumnMatcher.resolve(String.join(" ", tokens.subList(0, n)), columns, corrections);
            if (match instanceof ColumnMatch.Found found) {
                if (n == tokens.size()) {
                    if (type(found.column()) == ColumnType.BOOLEAN) {
                        return new Parsed(condition(found.column(), "equals", JSON.booleanNode(true)), found.column(), Op.EQUALS);
                    }
                    break;
                }
                String value = valueAfterWords(lower, original, n);
                return new Parsed(build(found.column(), Op.EQUALS, value.toLowerCase(Locale.ROOT), value), found.column(), Op.EQUALS);
            }
        }
        if (previousColumn != null) {
            Op op = previousOp == null ? Op.EQUALS : previousOp;
            return new Parsed(build(previousColumn, op, lower, original), previousColumn, op);
        }
        ColumnFacts bySample = bySample(Phrases.strip(original), columns);
        if (bySample != null) {
            return new Parsed(build(bySample, Op.EQUALS, lower, original), bySample, Op.EQUALS);
        }
        throw new CannotPlan("I could not tell which column '" + Phrases.strip(original) + "' is about. Try e.g. '"
                + columns.get(0).name() + " is ...'.");
    }

    private static String visible(String lower, String original) {
        char[] out = original.toCharArray();
        for (int i = 0; i < out.length; i++) {
            char c = lower.charAt(i);
            if (c == ' ' || c == RequestText.MASK || c == ',') {
                out[i] = ' ';
            }
        }
        return new String(out);
    }

    private static String valueAfterWords(String lower, String original, int words) {
        Matcher m = Pattern.compile("[a-z0-9]+").matcher(lower);
        int end = 0;
        for (int i = 0; i < words && m.find(); i++) {
            end = m.end();
        }
        return original.substring(end);
    }

    /** The column a condition means without naming it: "older than 30" is the age, "after March" the date. */
    private static ColumnFacts implied(Op op, String lower, String value, String context, List<ColumnFacts> columns,
                                       Map<String, String> corrections, String where, ColumnFacts previous) {
        if (lower.contains("older") || lower.contains("younger")) {
            return Phrases.column("age", columns, corrections, where);
        }
        boolean dateLike = op == Op.AFTER || op == Op.BEFORE || op == Op.IN || op == Op.ON
                || DatePhrases.parse(Phrases.strip(value)).isPresent()
                || (op == Op.BETWEEN && DatePhrases.parse(Phrases.strip(value).split(" and ")[0]).isPresent());
        if (dateLike) {
            List<ColumnFacts> dates = columns.stream().filter(c -> isTemporal(type(c))).toList();
            if (dates.size() == 1) {
                return dates.get(0);
            }
            for (ColumnFacts date : dates) {
                for (String token : Words.tokens(Words.fold(date.name()))) {
                    if (token.length() >= 4 && !token.equals("date") && context.contains(token.substring(0, 4))) {
                        return date;
                    }
                }
            }
            if (!dates.isEmpty()) {
                List<String> names = dates.stream().map(ColumnFacts::name).toList();
                throw new NeedAnswer("Which date column do you mean: " + String.join(" or ", names.stream().map(n -> "`" + n + "`").toList())
                        + "?", "column", Words.fold(Phrases.strip(lower)), names, names);
            }
        }
        if (previous != null) {
            return previous;
        }
        throw new CannotPlan("I could not tell which column '" + Phrases.strip(lower) + "' is about.");
    }

    private static ObjectNode build(ColumnFacts column, Op op, String valueLower, String valueOriginal) {
        ColumnType type = type(column);
        String raw = Phrases.strip(Words.unquote(trimValue(valueOriginal)));
        String rawLower = Phrases.strip(Words.unquote(trimValue(valueLower)));
        return switch (op) {
            case IS_EMPTY -> condition(column, "is_empty", null);
            case IS_NOT_EMPTY -> condition(column, "is_not_empty", null);
            case CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH, MATCHES -> {
                String name = switch (op) {
                    case CONTAINS -> "contains";
                    case NOT_CONTAINS -> "not_contains";
                    case STARTS_WITH -> "starts_with";
                    case ENDS_WITH -> "ends_with";
                    default -> "matches";
                };
                requireOperator(column, type, name);
                yield condition(column, name, JSON.textNode(Words.unquote(valueText(valueOriginal))));
            }
            case BETWEEN -> between(column, type, rawLower);
            case GT, GTE, LT, LTE, AFTER, BEFORE, IN, ON -> compared(column, type, op, rawLower);
            case EQUALS, NOT_EQUALS -> equality(column, type, op == Op.EQUALS ? "equals" : "not_equals", raw, rawLower);
        };
    }

    private static ObjectNode equality(ColumnFacts column, ColumnType type, String name, String raw, String rawLower) {
        if (raw.isEmpty()) {
            throw new NeedAnswer("What value should `" + column.name() + "` be compared with?", "condition", List.of());
        }
        if (type == ColumnType.INTEGER || type == ColumnType.NUMBER) {
            return condition(column, name, number(column, rawLower));
        }
        if (type == ColumnType.BOOLEAN) {
            return condition(column, name, JSON.booleanNode(truth(column, rawLower)));
        }
        if (isTemporal(type)) {
            DatePhrases.Period period = period(column, rawLower);
            if (!period.isDay() || type == ColumnType.DATETIME) {
                if (name.equals("not_equals")) {
                    throw new CannotPlan("I can only exclude a single day from `" + column.name() + "`.");
                }
                return between(column, type, period.first(), period.last());
            }
            return condition(column, name, JSON.textNode(period.first().toString()));
        }
        String value = Words.unquote(raw);
        for (String sample : column.samples()) {
            if (sample != null && sample.equalsIgnoreCase(value)) {
                value = sample;
                break;
            }
        }
        return condition(column, name, JSON.textNode(value));
    }

    private static ObjectNode compared(ColumnFacts column, ColumnType type, Op op, String rawLower) {
        if (isTemporal(type)) {
            DatePhrases.Period period = period(column, rawLower);
            return switch (op) {
                case GT, AFTER -> rawLower.startsWith("since") ? after(column, type, period.first().minusDays(1))
                        : after(column, type, period.last());
                case GTE -> after(column, type, period.first().minusDays(1));
                case LT, BEFORE -> condition(column, "before", JSON.textNode(period.first().toString()));
                case LTE -> condition(column, "before", JSON.textNode(period.last().plusDays(1).toString()));
                default -> period.isDay() && type == ColumnType.DATE
                        ? condition(column, "equals", JSON.textNode(period.first().toString()))
                        : between(column, type, period.first(), period.last());
            };
        }
        if (type == ColumnType.INTEGER || type == ColumnType.NUMBER) {
            String name = switch (op) {
                case GT, AFTER -> "greater_than";
                case GTE -> "greater_than_or_equal";
                case LT, BEFORE -> "less_than";
                case LTE -> "less_than_or_equal";
                default -> "equals";
            };
            return condition(column, name, number(column, rawLower));
        }
        throw new CannotPlan("`" + column.name() + "` holds " + type.jsonName() + " values, which I can compare with "
                + String.join(", ", SearchOperators.forType(type)) + ", not by size or date.");
    }

    private static ObjectNode between(ColumnFacts column, ColumnType type, String rawLower) {
        String[] bounds = rawLower.split("\\s+and\\s+");
        if (bounds.length != 2) {
            throw new NeedAnswer("Between which two values should `" + column.name() + "` be?", "condition", List.of());
        }
        if (isTemporal(type)) {
            return between(column, type, period(column, bounds[0]).first(), period(column, bounds[1]).last());
        }
        if (type == ColumnType.INTEGER || type == ColumnType.NUMBER) {
            ArrayNode range = JSON.arrayNode();
            range.add(number(column, bounds[0]));
            range.add(number(column, bounds[1]));
            return condition(column, "between", range);
        }
        throw new CannotPlan("`" + column.name() + "` holds " + type.jsonName() + " values; 'between' needs numbers or dates.");
    }

    private static ObjectNode between(ColumnFacts column, ColumnType type, java.time.LocalDate first, java.time.LocalDate last) {
        ArrayNode range = JSON.arrayNode();
        if (type == ColumnType.DATETIME) {
            range.add(first + "T00:00:00");
            range.add(last + "T23:59:59");
        } else {
            range.add(first.toString());
            range.add(last.toString());
        }
        return condition(column, "between", range);
    }

    private static ObjectNode after(ColumnFacts column, ColumnType type, java.time.LocalDate day) {
        return condition(column, "after", JSON.textNode(type == ColumnType.DATETIME ? day + "T23:59:59" : day.toString()));
    }

    private static DatePhrases.Period period(ColumnFacts column, String rawLower) {
        Optional<DatePhrases.Period> period = DatePhrases.parse(Phrases.strip(rawLower));
        if (period.isEmpty()) {
            throw new NeedAnswer("`" + column.name() + "` holds dates: which date do you mean by '" + Phrases.strip(rawLower)
                    + "'? For example 2024-03-15, March 2024 or 2024.", "condition", List.of());
        }
        return period.get();
    }

    private static JsonNode number(ColumnFacts column, String rawLower) {
        String digits = rawLower.replaceAll("[$€£%,]|\\b(?:years?|yrs?|old|dollars?|euros?|usd|eur|gbp|units?|items?|pieces?|pcs)\\b", "")
                .strip();
        try {
            BigDecimal number = new BigDecimal(Phrases.strip(digits));
            if (number.stripTrailingZeros().scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                return JSON.numberNode(number.longValueExact());
            }
            return JSON.numberNode(number.doubleValue());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new NeedAnswer("`" + column.name() + "` holds numbers: which number do you mean by '"
                    + Phrases.strip(rawLower) + "'?", "condition", List.of());
        }
    }

    private static boolean truth(ColumnFacts column, String rawLower) {
        String value = Phrases.strip(rawLower);
        if (value.matches("true|yes|y|1|on|set|checked")) {
            return true;
        }
        if (value.matches("false|no|n|0|off|unset|unchecked")) {
            return false;
        }
        throw new NeedAnswer("`" + column.name() + "` is true or false: which do you mean by '" + value + "'?",
                "condition", List.of());
    }

    private static void requireOperator(ColumnFacts column, ColumnType type, String operator) {
        if (!SearchOperators.forType(type).contains(operator)) {
            throw new CannotPlan("`" + column.name() + "` holds " + type.jsonName() + " values, which I can compare with "
                    + String.join(", ", SearchOperators.forType(type)) + ", not '" + operator.replace('_', ' ') + "'.");
        }
    }

    private static ObjectNode condition(ColumnFacts column, String operator, JsonNode value) {
        ObjectNode condition = JSON.objectNode();
        condition.put("column", column.name());
        condition.put("operator", operator);
        if (value != null) {
            condition.set("value", value);
        }
        return condition;
    }

    private static ColumnFacts bySample(String value, List<ColumnFacts> columns) {
        String wanted = Words.unquote(value);
        ColumnFacts found = null;
        for (ColumnFacts column : columns) {
            for (String sample : column.samples()) {
                if (sample != null && sample.equalsIgnoreCase(wanted)) {
                    if (found != null && found != column) {
                        return null;
                    }
                    found = column;
                }
            }
        }
        return found;
    }

    static ColumnType type(ColumnFacts column) {
        String name = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT);
        for (ColumnType type : ColumnType.values()) {
            if (type.jsonName().equals(name)) {
                return type;
            }
        }
        return switch (name) {
            case "int", "long" -> ColumnType.INTEGER;
            case "float", "double", "decimal", "numeric" -> ColumnType.NUMBER;
            case "bool" -> ColumnType.BOOLEAN;
            case "string", "str" -> ColumnType.TEXT;
            default -> ColumnType.MIXED;
        };
    }

    static boolean isTemporal(ColumnType type) {
        return type == ColumnType.DATE || type == ColumnType.DATETIME;
    }

    private static String clean(String subject) {
        String s = Phrases.strip(subject.replace(RequestText.MASK, ' '));
        // "signup date is after ...": the verb before the operator is not part of the column's name
        return NOISE.matcher(s + " ").replaceFirst("").strip().replaceAll("(?:\\s+(?:is|are|was|were))+$", "");
    }

    private static String trimValue(String value) {
        return value.replace(RequestText.MASK, ' ').replaceAll("[.!?]+\\s*$", "").strip();
    }

    /** A text value as written, keeping inner words ("Smith and Sons" when quoted), without trailing punctuation. */
    private static String valueText(String original) {
        String t = trimValue(original);
        String unquoted = Words.unquote(t);
        return unquoted.equals(t) ? Phrases.strip(t) : unquoted;
    }

    private static void protect(char[] text, Pattern pattern, int group) {
        Matcher m = pattern.matcher(new String(text));
        while (m.find()) {
            int start = group == 0 ? m.start() : m.start(group);
            int end = group == 0 ? m.start() + m.group().indexOf(' ') : m.end(group);
            for (int i = start; i < end; i++) {
                text[i] = Character.toUpperCase(text[i]); // upper case hides "and"/"or" from the separators
            }
        }
    }

    private static void protectQuotes(char[] text) {
        char open = 0;
        for (int i = 0; i < text.length; i++) {
            char c = text[i];
            if (open == 0 && (c == '"' || c == '\'' || c == '`') && (i == 0 || !Character.isLetterOrDigit(text[i - 1]))) {
                open = c;
            } else if (open != 0 && c == open) {
                open = 0;
            } else if (open != 0 && (c == ',' || c == ';') ) {
                text[i] = '\u0001';
            } else if (open != 0 && Character.isLetter(c)) {
                text[i] = Character.toUpperCase(c); // upper case hides "and"/"or" from the separators
            }
        }
    }

    /** Undoes the protection of "or more", "between a and b" and quoted text. */
    private static String restore(String part) {
        StringBuilder out = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            out.append(c == '\u0001' ? ',' : Character.toLowerCase(c));
        }
        return out.toString();
    }
}
