package io.sheetflow.operation.bind;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * How key binding compares keys: by typed value.
 * <ul>
 *   <li>Numbers by value, whatever their cell type: {@code 101} (integer cell) and {@code 101.0} (decimal cell or
 *       CSV {@code 101.0}) are the same key; {@code 101.5} is another.</li>
 *   <li>Text only equals the same text, case and spaces included. Text never equals a number: a text cell
 *       {@code "101"} does not match the number {@code 101}. Text that looks numeric is deliberately kept text
 *       (leading zeros, codes), and matching it to numbers would mean guessing whether {@code "0101"} is 101.</li>
 *   <li>Booleans equal booleans; a date equals the same date, also written as a date-time at midnight.</li>
 *   <li>An empty cell is no key: it matches nothing (as in SQL joins). With several comparison columns every one
 *       must match and none may be empty.</li>
 * </ul>
 */
final class BindKeys {

    private static final double LONG_RANGE = 9.223372036854775808E18;

    private BindKeys() {
    }

    /**
     * The comparable key of the cells at {@code indexes} (the cell itself, or a list for several columns), or
     * {@code null} when one of them is empty.
     */
    static Object of(Object[] row, int[] indexes) {
        if (indexes.length == 1) {
            return normalise(row[indexes[0]]);
        }
        Object[] parts = new Object[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            parts[i] = normalise(row[indexes[i]]);
            if (parts[i] == null) {
                return null;
            }
        }
        return Arrays.asList(parts);
    }

    /** One cell as a key: whole numbers as {@code Long}, midnight date-times as {@code LocalDate}. */
    static Object normalise(Object cell) {
        if (cell instanceof Double number && number == Math.rint(number) && number >= -LONG_RANGE
                && number < LONG_RANGE) {
            return (long) number.doubleValue();
        }
        if (cell instanceof LocalDateTime dateTime && dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return dateTime.toLocalDate();
        }
        return cell;
    }
}
