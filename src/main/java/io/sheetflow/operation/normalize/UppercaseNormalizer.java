package io.sheetflow.operation.normalize;

/** {@code uppercase}: text in upper case. */
final class UppercaseNormalizer extends TextNormalizer {
    @Override
    String transform(String text) {
        return PythonText.upper(text);
    }
}
