package io.sheetflow.operation.template;

import io.sheetflow.sheet.CellText;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * The type hint of a template placeholder ({@code {age:int}}), as in Pycelize's template language. A
 * conversion that fails keeps the original value; conversions never see null (null is handled before).
 */
public enum TypeHint {
    /** Whole number: numbers truncated toward zero ({@code 25.5 -> 25}), numeric text parsed, booleans 1/0. */
    INT("int"),
    /** Decimal number: written with a decimal point ({@code 30 -> 30.0}). */
    FLOAT("float"),
    /** Boolean: text {@code true/1/yes/on} (any case) is true, other text false; numbers are true unless 0. */
    BOOL("bool"),
    /** Date-time text: dates become midnight, date-times keep their time, anything else its text. */
    DATETIME("datetime"),
    /** The value's text ({@code string}, also written {@code str} or {@code text}). */
    STRING("string");

    private static final double LONG_RANGE = 9.223372036854775808E18;

    private final String jsonName;

    TypeHint(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The hint written after the colon, or {@code null} for an unknown one. */
    public static TypeHint fromText(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "int" -> INT;
            case "float" -> FLOAT;
            case "bool" -> BOOL;
            case "datetime" -> DATETIME;
            case "string", "str", "text" -> STRING;
            default -> null;
        };
    }

    /** For messages: {@code int, float, bool, datetime, string (or str, text)}. */
    public static String known() {
        return "int, float, bool, datetime, string (or str, text)";
    }

    /**
     * Converts a non-null cell value (or a default, which is text).
     *
     * @param dateTimeSeparator {@code ' '} for SQL, {@code 'T'} for JSON (ISO-8601)
     * @return a {@code Long} (int), {@code Double} (float), {@code Boolean} (bool) or {@code String} (datetime,
     * string); the original value when it cannot be converted; {@code null} for empty text with int or float
     */
    public Object convert(Object value, char dateTimeSeparator) {
        return switch (this) {
            case INT -> toLong(value);
            case FLOAT -> toDouble(value);
            case BOOL -> toBoolean(value);
            case DATETIME -> toDateTimeText(value, dateTimeSeparator);
            case STRING -> CellText.of(value);
        };
    }

    /** A float hint's text: plain notation with at least one decimal ({@code 30.0}, {@code 25.5}). */
    public static String floatText(double value) {
        String text = CellText.plainNumber(value);
        return text.indexOf('.') >= 0 ? text : text + ".0";
    }

    private static Object toLong(Object value) {
        if (value instanceof Long) {
            return value;
        }
        if (value instanceof Double number) {
            return number >= -LONG_RANGE && number < LONG_RANGE ? (Object) (long) number.doubleValue() : value;
        }
        if (value instanceof Boolean bool) {
            return bool ? 1L : 0L;
        }
        if (value instanceof String text) {
            if (text.isEmpty()) {
                return null;
            }
            BigDecimal decimal = parseDecimal(text);
            if (decimal != null) {
                // Digits before the point, checked first: 1e999999999 must not be expanded.
                int integerDigits = decimal.precision() - decimal.scale();
                if (integerDigits <= 0) {
                    return 0L;
                }
                if (integerDigits <= 19) {
                    try {
                        return decimal.toBigInteger().longValueExact();
                    } catch (ArithmeticException tooLarge) {
                        return value;
                    }
                }
            }
        }
        return value;
    }

    private static Object toDouble(Object value) {
        if (value instanceof Double) {
            return value;
        }
        if (value instanceof Long number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean bool) {
            return bool ? 1.0 : 0.0;
        }
        if (value instanceof String text) {
            if (text.isEmpty()) {
                return null;
            }
            BigDecimal decimal = parseDecimal(text);
            if (decimal != null && Double.isFinite(decimal.doubleValue())) {
                return decimal.doubleValue();
            }
        }
        return value;
    }

    private static Object toBoolean(Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long number) {
            return number != 0;
        }
        if (value instanceof Double number) {
            return number != 0;
        }
        if (value instanceof String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            return lower.equals("true") || lower.equals("1") || lower.equals("yes") || lower.equals("on");
        }
        return value;
    }

    private static Object toDateTimeText(Object value, char separator) {
        if (value instanceof LocalDateTime dateTime) {
            return CellText.isoDateTime(dateTime, separator);
        }
        if (value instanceof LocalDate date) {
            return CellText.isoDateTime(date.atStartOfDay(), separator);
        }
        return CellText.of(value);
    }

    /** Decimal text as Python's {@code float()} reads it (surrounding blanks, sign, exponent); null otherwise. */
    private static BigDecimal parseDecimal(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.length() > 400) {
            return null;
        }
        try {
            return new BigDecimal(trimmed);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
