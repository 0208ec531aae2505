package io.sheetflow.operation.normalize;

/** {@code lowercase}: text in lower case. */
final class LowercaseNormalizer extends TextNormalizer {
    @Override
    String transform(String text) {
        return PythonText.lower(text);
    }
}
