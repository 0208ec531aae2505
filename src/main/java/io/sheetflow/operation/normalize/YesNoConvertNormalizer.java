package io.sheetflow.operation.normalize;

/** {@code yes_no_convert}: {@code "Yes"} when the value is one of {@code true_values} (any case), else {@code "No"}. */
final class YesNoConvertNormalizer implements Normalizer {
    static final String DEFAULT_TRUE_VALUES = "true,1,yes,y";

    private final TruthValues truth;

    YesNoConvertNormalizer(TruthValues truth) {
        this.truth = truth;
    }

    @Override
    public Object apply(Object value) {
        return value == null ? null : truth.isTrue(value) ? "Yes" : "No";
    }
}
