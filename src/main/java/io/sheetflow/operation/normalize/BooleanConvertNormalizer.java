package io.sheetflow.operation.normalize;

/** {@code boolean_convert}: true when the value is one of {@code true_values} (any case), else false; empty stays. */
final class BooleanConvertNormalizer implements Normalizer {
    static final String DEFAULT_TRUE_VALUES = "true,1,yes,y,on";

    private final TruthValues truth;

    BooleanConvertNormalizer(TruthValues truth) {
        this.truth = truth;
    }

    @Override
    public Object apply(Object value) {
        return value == null ? null : truth.isTrue(value);
    }
}
