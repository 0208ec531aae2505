package io.sheetflow.operation.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.cells.BoundedRegex;
import io.sheetflow.operation.cells.CellNumbers;
import io.sheetflow.operation.cells.DateTexts;
import io.sheetflow.sheet.CellText;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * A condition's test of one cell, compiled (and checked) from its operator and value before any row is read.
 * Typed: numbers compare as numbers, dates as dates; text comparisons are literal.
 */
final class CellCondition {

    private final SearchOperator operator;
    private final Predicate<Object> test;

    private CellCondition(SearchOperator operator, Predicate<Object> test) {
        this.operator = operator;
        this.test = test;
    }

    SearchOperator operator() {
        return operator;
    }

    /**
     * @throws BoundedRegex.TimeoutException when a {@code matches} pattern runs too long on this cell
     */
    boolean test(Object cell) {
        return test.test(cell);
    }

    /**
     * @param index the condition's position, for messages ({@code conditions[index]}, "Condition index+1")
     * @throws InvalidArgumentException naming the field at fault
     */
    static CellCondition compile(int index, SearchCondition condition) {
        String field = "conditions[" + index + "]";
        String label = "Condition " + (index + 1);
        if (condition == null) {
            throw new InvalidArgumentException(field, label + " must be an object");
        }
        if (condition.column() == null || condition.column().isEmpty()) {
            throw new InvalidArgumentException(field + ".column", label + ": column is required");
        }
        if (condition.operator() == null || condition.operator().isBlank()) {
            throw new InvalidArgumentException(field + ".operator", label + ": operator is required");
        }
        SearchOperator operator = SearchOperator.find(condition.operator()).orElseThrow(() ->
                new InvalidArgumentException(field + ".operator", "Unsupported operator: " + condition.operator()));
        JsonNode value = condition.value() == null || condition.value().isNull() || condition.value().isMissingNode()
                ? null : condition.value();
        Values values = new Values(field + ".value", label, operator);
        Predicate<Object> test = switch (operator) {
            case EQUALS -> values.equalTo(value);
            case NOT_EQUALS -> values.equalTo(value).negate();
            case CONTAINS -> contains(values.text(value));
            case NOT_CONTAINS -> contains(values.text(value)).negate();
            case STARTS_WITH -> startsWith(values.text(value));
            case ENDS_WITH -> endsWith(values.text(value));
            case IS_EMPTY -> CellCondition::isEmpty;
            case IS_NOT_EMPTY -> cell -> !isEmpty(cell);
            case GREATER_THAN -> values.compared(value, c -> c > 0);
            case GREATER_THAN_OR_EQUAL -> values.compared(value, c -> c >= 0);
            case LESS_THAN -> values.compared(value, c -> c < 0);
            case LESS_THAN_OR_EQUAL -> values.compared(value, c -> c <= 0);
            case BETWEEN -> values.between(value);
            case BEFORE -> values.temporal(value, c -> c < 0);
            case AFTER -> values.temporal(value, c -> c > 0);
            case MATCHES -> values.matches(value);
        };
        return new CellCondition(operator, test);
    }

    private static boolean isEmpty(Object cell) {
        return cell == null || cell instanceof String text && text.isEmpty();
    }

    private static Predicate<Object> contains(String needle) {
        String lower = needle.toLowerCase(Locale.ROOT);
        return cell -> cell != null && CellText.of(cell).toLowerCase(Locale.ROOT).contains(lower);
    }

    private static Predicate<Object> startsWith(String prefix) {
        return cell -> cell != null && CellText.of(cell).startsWith(prefix);
    }

    private static Predicate<Object> endsWith(String suffix) {
        return cell -> cell != null && CellText.of(cell).endsWith(suffix);
    }

    /** Compares two numbers exactly when both are whole, else as doubles. */
    static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    /** A cell as a number for comparisons: number cells and numeric text. */
    private static Number number(Object cell) {
        if (cell instanceof Long || cell instanceof Double) {
            return (Number) cell;
        }
        return cell instanceof String text ? CellNumbers.parse(text) : null;
    }

    /** Reads a condition's value for its operator; every problem names the value's field. */
    private record Values(String field, String label, SearchOperator operator) {

        Predicate<Object> equalTo(JsonNode value) {
            if (value == null) {
                throw invalid(operator.jsonName() + " needs a value (use is_empty for empty cells)");
            }
            String text;
            Number number;
            Boolean bool = null;
            LocalDateTime temporal = null;
            boolean textIgnoresCase = false;
            if (value.isNumber()) {
                number = value.isIntegralNumber() && value.canConvertToLong() ? (Number) value.longValue()
                        : (Number) value.doubleValue();
                text = CellText.of(number);
            } else if (value.isTextual()) {
                text = value.textValue();
                number = CellNumbers.parse(text);
                if (text.strip().equalsIgnoreCase("true") || text.strip().equalsIgnoreCase("false")) {
                    bool = Boolean.parseBoolean(text.strip());
                }
                Object iso = DateTexts.parseIso(text.strip());
                temporal = iso instanceof LocalDate date ? date.atStartOfDay() : (LocalDateTime) iso;
            } else if (value.isBoolean()) {
                bool = value.booleanValue();
                text = String.valueOf(bool);
                number = null;
                textIgnoresCase = true;
            } else {
                throw invalid("the value of " + operator.jsonName() + " must be text, a number or a boolean");
            }
            Number expectedNumber = number;
            Boolean expectedBool = bool;
            LocalDateTime expectedTemporal = temporal;
            boolean ignoreCase = textIgnoresCase;
            return cell -> {
                if (cell instanceof String s) {
                    return ignoreCase ? s.equalsIgnoreCase(text) : s.equals(text);
                }
                if (cell instanceof Long || cell instanceof Double) {
                    return expectedNumber != null && compareNumbers((Number) cell, expectedNumber) == 0;
                }
                if (cell instanceof Boolean b) {
                    return b.equals(expectedBool);
                }
                if (cell instanceof LocalDate || cell instanceof LocalDateTime) {
                    return expectedTemporal != null && expectedTemporal.equals(DateTexts.toDateTime(cell));
                }
                return false;
            };
        }

        String text(JsonNode value) {
            if (value == null) {
                throw invalid(operator.jsonName() + " needs a value");
            }
            if (value.isTextual()) {
                return value.textValue();
            }
            if (value.isNumber()) {
                return CellText.of(value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue()
                        : (Object) value.doubleValue());
            }
            if (value.isBoolean()) {
                return String.valueOf(value.booleanValue());
            }
            throw invalid("the value of " + operator.jsonName() + " must be text, a number or a boolean");
        }

        /** A number or an ISO date bound, and the cells compared with it by value. */
        Predicate<Object> compared(JsonNode value, IntPredicate accept) {
            Object bound = bound(value);
            if (bound == null) {
                throw invalid(operator.jsonName() + " needs a number or an ISO date (yyyy-MM-dd), got "
                        + describe(value));
            }
            return comparedWith(bound, accept);
        }

        Predicate<Object> between(JsonNode value) {
            Object min = value != null && value.isArray() && value.size() == 2 ? bound(value.get(0)) : null;
            Object max = min != null ? bound(value.get(1)) : null;
            if (min == null || max == null || min instanceof Number != max instanceof Number) {
                throw new InvalidArgumentException(field, "For 'between' operator, value must be a list with [min,"
                        + " max]");
            }
            Predicate<Object> atLeast = comparedWith(min, c -> c >= 0);
            Predicate<Object> atMost = comparedWith(max, c -> c <= 0);
            return atLeast.and(atMost);
        }

        Predicate<Object> temporal(JsonNode value, IntPredicate accept) {
            Object bound = value != null && value.isTextual() ? isoDateTime(value.textValue()) : null;
            if (bound == null) {
                throw invalid(operator.jsonName() + " needs an ISO date (yyyy-MM-dd) or date-time"
                        + " (yyyy-MM-ddTHH:mm:ss), got " + describe(value));
            }
            return comparedWith(bound, accept);
        }

        Predicate<Object> matches(JsonNode value) {
            if (value == null || !value.isTextual()) {
                throw invalid("matches needs a regular expression as text");
            }
            BoundedRegex regex;
            try {
                regex = BoundedRegex.compile(value.textValue());
            } catch (PatternSyntaxException e) {
                throw invalid("the pattern of matches is not a valid regular expression: "
                        + BoundedRegex.describe(e));
            }
            return cell -> cell != null && regex.find(CellText.of(cell));
        }

        /** A JSON number or numeric text as a number, ISO date text as a date-time, else null. */
        private static Object bound(JsonNode value) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isNumber()) {
                return value.isIntegralNumber() && value.canConvertToLong() ? (Number) value.longValue()
                        : (Number) value.doubleValue();
            }
            if (value.isTextual()) {
                Number number = CellNumbers.parse(value.textValue());
                return number != null ? number : isoDateTime(value.textValue());
            }
            return null;
        }

        private static LocalDateTime isoDateTime(String text) {
            Object iso = DateTexts.parseIso(text.strip());
            return iso instanceof LocalDate date ? date.atStartOfDay() : (LocalDateTime) iso;
        }

        /** Cells comparable with the bound (numbers with numbers, dates with dates) tested; others never match. */
        private static Predicate<Object> comparedWith(Object bound, IntPredicate accept) {
            if (bound instanceof Number limit) {
                return cell -> {
                    Number number = number(cell);
                    return number != null && !(number instanceof Double d && d.isNaN())
                            && accept.test(compareNumbers(number, limit));
                };
            }
            LocalDateTime limit = (LocalDateTime) bound;
            return cell -> {
                LocalDateTime dateTime = DateTexts.toDateTime(cell);
                return dateTime != null && accept.test(dateTime.compareTo(limit));
            };
        }

        private static String describe(JsonNode value) {
            if (value == null) {
                return "nothing";
            }
            return value.isTextual() ? "'" + value.textValue() + "'" : value.toString();
        }

        private InvalidArgumentException invalid(String problem) {
            return new InvalidArgumentException(field, label + ": " + problem);
        }
    }
}
