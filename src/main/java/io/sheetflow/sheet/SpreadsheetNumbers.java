package io.sheetflow.sheet;

/** Spreadsheets store every number as a double; whole values are integers to users. */
final class SpreadsheetNumbers {

    private static final double LONG_RANGE = 9.223372036854775808E18;

    private SpreadsheetNumbers() {
    }

    /** Whole numbers in the long range become {@code Long}, anything else stays {@code Double}. */
    static Object typed(double number) {
        if (number == Math.rint(number) && number >= -LONG_RANGE && number < LONG_RANGE) {
            return (long) number;
        }
        return number;
    }
}
