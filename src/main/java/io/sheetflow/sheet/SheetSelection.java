package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;

import java.util.List;

/** Picks the worksheet that {@link ReadOptions} asks for. */
final class SheetSelection {

    private SheetSelection() {
    }

    /** The zero-based index of the chosen sheet: by name (exact, then ignoring case as Excel does), by index, or 0. */
    static int choose(List<String> sheetNames, ReadOptions options) {
        if (sheetNames.isEmpty()) {
            throw new OperationFailedException("The workbook is empty: it has no worksheets");
        }
        String wanted = options == null ? null : options.sheetName();
        if (wanted != null && !wanted.isEmpty()) {
            int exact = sheetNames.indexOf(wanted);
            if (exact >= 0) {
                return exact;
            }
            for (int i = 0; i < sheetNames.size(); i++) {
                if (sheetNames.get(i).equalsIgnoreCase(wanted)) {
                    return i;
                }
            }
            throw new OperationFailedException("Worksheet named '" + wanted + "' not found. Available sheets: "
                    + String.join(", ", sheetNames));
        }
        Integer index = options == null ? null : options.sheetIndex();
        if (index == null) {
            return 0;
        }
        if (index < 0 || index >= sheetNames.size()) {
            throw new OperationFailedException("Worksheet index " + index + " not found (the first sheet is 0)."
                    + " Available sheets: " + String.join(", ", sheetNames));
        }
        return index;
    }
}
