package io.sheetflow.operation.normalize;

/** A normalization of text cells; numbers, booleans and dates are left as they are. */
abstract class TextNormalizer implements Normalizer {

    @Override
    public final Object apply(Object value) {
        return value instanceof String text ? transform(text) : value;
    }

    abstract String transform(String text);
}
