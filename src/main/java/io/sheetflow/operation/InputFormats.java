package io.sheetflow.operation;

import io.sheetflow.sheet.SheetFormat;

import java.util.Set;

/** Checks that a step's input is of a kind the operation reads. */
public final class InputFormats {

    private InputFormats() {
    }

    /**
     * @param expected what the operation needs, as users read it, e.g. {@code "a CSV input"}
     * @throws OperationFailedException "csv/convert-to-excel needs a CSV input, got xlsx"
     */
    public static SheetFormat require(InputFile input, String operationName, Set<SheetFormat> accepted,
                                      String expected) {
        SheetFormat format = input.format();
        if (format == null || !accepted.contains(format)) {
            throw new OperationFailedException(operationName + " needs " + expected + ", got "
                    + (format == null ? "an unknown file type" : format.extension()));
        }
        return format;
    }
}
