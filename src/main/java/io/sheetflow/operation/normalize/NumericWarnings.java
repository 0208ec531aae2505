package io.sheetflow.operation.normalize;

/** Report warnings shared by the normalizations that convert values. */
final class NumericWarnings {

    private NumericWarnings() {
    }

    /** "z_score on column 'x': 2 values that are not numbers became empty". */
    static String notNumbers(String type, String column, long count) {
        return type + " on column '" + column + "': " + count + (count == 1 ? " value that is not a number"
                : " values that are not numbers") + " became empty";
    }

    /** "date_format on column 'x': 1 value that is not a date became empty". */
    static String notDates(String type, String column, long count) {
        return type + " on column '" + column + "': " + count + (count == 1 ? " value that is not a date"
                : " values that are not dates") + " became empty";
    }
}
