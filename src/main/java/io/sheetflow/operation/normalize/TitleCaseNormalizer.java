package io.sheetflow.operation.normalize;

/** {@code title_case}: Python's {@code str.title()} ({@code "o'neil"} becomes {@code "O'Neil"}). */
final class TitleCaseNormalizer extends TextNormalizer {
    @Override
    String transform(String text) {
        return PythonText.title(text);
    }
}
