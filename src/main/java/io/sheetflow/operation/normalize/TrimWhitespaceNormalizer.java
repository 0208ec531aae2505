package io.sheetflow.operation.normalize;

/** {@code trim_whitespace}: leading and trailing white space removed (text of only spaces becomes empty). */
final class TrimWhitespaceNormalizer extends TextNormalizer {
    @Override
    String transform(String text) {
        return PythonText.strip(text);
    }
}
