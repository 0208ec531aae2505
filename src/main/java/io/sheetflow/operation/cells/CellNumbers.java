package io.sheetflow.operation.cells;

/**
 * Numeric coercion of typed cells, like Pycelize's {@code pd.to_numeric(errors="coerce")}: number cells are
 * numbers, text that is a plain decimal number ({@code " 12"}, {@code "-1.5"}, {@code "2e3"}, {@code "021201"}) is
 * that number, anything else (booleans, dates, other text, empty) is not a number.
 */
public final class CellNumbers {

    private CellNumbers() {
    }

    /** The cell as a double, or null when it is not numeric. */
    public static Double toDouble(Object cell) {
        if (cell instanceof Long number) {
            return number.doubleValue();
        }
        if (cell instanceof Double number) {
            return number.isNaN() ? null : number;
        }
        if (cell instanceof String text) {
            Number parsed = parse(text);
            return parsed == null ? null : parsed.doubleValue();
        }
        return null;
    }

    /**
     * A decimal number written as text: {@code Long} when it has no fraction or exponent and fits, else
     * {@code Double}; null when the text is not such a number. Surrounding whitespace is ignored.
     */
    public static Number parse(String text) {
        String t = text.strip();
        int length = t.length();
        int i = 0;
        if (i < length && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int digitsBefore = 0;
        while (i < length && isDigit(t.charAt(i))) {
            i++;
            digitsBefore++;
        }
        boolean integral = true;
        int digitsAfter = 0;
        if (i < length && t.charAt(i) == '.') {
            integral = false;
            i++;
            while (i < length && isDigit(t.charAt(i))) {
                i++;
                digitsAfter++;
            }
        }
        if (digitsBefore + digitsAfter == 0) {
            return null;
        }
        if (i < length && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < length && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < length && isDigit(t.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return null;
            }
        }
        if (i != length) {
            return null;
        }
        if (integral && digitsBefore <= 18) {
            return Long.parseLong(t.charAt(0) == '+' ? t.substring(1) : t);
        }
        double value = Double.parseDouble(t);
        return Double.isInfinite(value) ? null : value;
    }

    /** A double as a cell: whole values stay doubles (as the spreadsheet stores them), NaN becomes empty. */
    public static Object cell(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
