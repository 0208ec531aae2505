package io.sheetflow.operation.normalize;

/** {@code email_format}: trimmed and lower-cased. */
final class EmailFormatNormalizer extends TextNormalizer {
    @Override
    String transform(String text) {
        return PythonText.lower(PythonText.strip(text));
    }
}
