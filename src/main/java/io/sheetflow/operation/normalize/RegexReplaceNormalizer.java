package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.BoundedRegex;

/** {@code regex_replace}: {@code pattern} replaced by {@code replacement} (Python syntax), time-bounded per cell. */
final class RegexReplaceNormalizer extends PatternReplaceNormalizer {
    RegexReplaceNormalizer(BoundedRegex regex, BoundedRegex.Replacement replacement) {
        super(regex, replacement);
    }
}
