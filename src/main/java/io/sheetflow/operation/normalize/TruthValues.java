package io.sheetflow.operation.normalize;

import io.sheetflow.sheet.CellText;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Whether a cell counts as true: boolean cells as they are, other values by their text in a list (any case). */
final class TruthValues {

    private final Set<String> trueValues = new HashSet<>();

    TruthValues(List<String> values) {
        for (String value : values) {
            trueValues.add(value.toLowerCase(Locale.ROOT));
        }
    }

    boolean isTrue(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        return trueValues.contains(PythonText.strip(CellText.of(value)).toLowerCase(Locale.ROOT));
    }
}
