package io.sheetflow.operation.normalize;

/** {@code name_format}: trimmed and title-cased. */
final class NameFormatNormalizer extends TextNormalizer {
    @Override
    String transform(String text) {
        return PythonText.title(PythonText.strip(text));
    }
}
