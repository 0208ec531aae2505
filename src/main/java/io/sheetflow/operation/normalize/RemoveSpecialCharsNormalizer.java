package io.sheetflow.operation.normalize;

import io.sheetflow.operation.cells.BoundedRegex;

/**
 * {@code remove_special_chars}: characters matching {@code pattern} (default: anything but ASCII letters, digits
 * and white space) replaced by {@code replacement} (default nothing), so {@code "1.26"} becomes {@code "126"}.
 */
final class RemoveSpecialCharsNormalizer extends PatternReplaceNormalizer {
    static final String DEFAULT_PATTERN = "[^a-zA-Z0-9\\s]";

    RemoveSpecialCharsNormalizer(BoundedRegex regex, BoundedRegex.Replacement replacement) {
        super(regex, replacement);
    }
}
