package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.BoundedRegex;
import io.sheetflow.sheet.CellText;

/**
 * Replaces every match of a user's pattern in the text of any non-empty cell (numbers and dates as displayed).
 * A cell the pattern does not change keeps its type; a changed one becomes text.
 */
abstract class PatternReplaceNormalizer implements Normalizer {

    private final BoundedRegex regex;
    private final BoundedRegex.Replacement replacement;

    PatternReplaceNormalizer(BoundedRegex regex, BoundedRegex.Replacement replacement) {
        this.regex = regex;
        this.replacement = replacement;
    }

    @Override
    public final Object apply(Object value) {
        if (value == null) {
            return null;
        }
        String text = CellText.of(value);
        String replaced = regex.replaceAll(text, replacement);
        return replaced.equals(text) ? value : replaced;
    }
}
