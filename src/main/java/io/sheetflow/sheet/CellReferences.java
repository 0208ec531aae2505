package io.sheetflow.sheet;

/** A1-style cell references: {@code AB12} is column 27 (zero-based), row 12. */
final class CellReferences {

    private CellReferences() {
    }

    /** Zero-based column of a reference such as {@code C7}. */
    static int columnIndex(String reference) {
        int column = 0;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                column = column * 26 + (c - 'A' + 1);
            } else if (c >= 'a' && c <= 'z') {
                column = column * 26 + (c - 'a' + 1);
            } else {
                break;
            }
        }
        return column - 1;
    }

    /** Letters of a zero-based column: 0 -> {@code A}, 27 -> {@code AB}. */
    static String columnName(int column) {
        StringBuilder name = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            name.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return name.toString();
    }

    /** The last row of a range such as {@code A1:J100001}; -1 for a single cell or anything else. */
    static long lastRowOfRange(String range) {
        if (range == null) {
            return -1;
        }
        int colon = range.indexOf(':');
        if (colon < 0) {
            return -1;
        }
        long row = 0;
        boolean digits = false;
        for (int i = colon + 1; i < range.length(); i++) {
            char c = range.charAt(i);
            if (c >= '0' && c <= '9') {
                row = row * 10 + (c - '0');
                digits = true;
            } else if (c == '$' || Character.isLetter(c)) {
                if (digits) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return digits ? row : -1;
    }
}
