package io.sheetflow.operation.normalize;

import io.sheetflow.sheet.CellText;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code categorical_mapping}: values replaced through {@code mapping} (keys are the values as displayed, e.g.
 * {@code "1"} for the number 1); unmapped values keep their value, or become {@code default} when one is given.
 * Empty cells stay empty.
 */
final class CategoricalMappingNormalizer implements Normalizer {

    private final Map<String, Object> mapping;
    private final boolean hasDefault;
    private final Object defaultValue;

    CategoricalMappingNormalizer(Map<String, Object> mapping, boolean hasDefault, Object defaultValue) {
        this.mapping = new HashMap<>(mapping);
        this.hasDefault = hasDefault;
        this.defaultValue = defaultValue;
    }

    @Override
    public Object apply(Object value) {
        if (value == null) {
            return null;
        }
        String key = CellText.of(value);
        if (mapping.containsKey(key)) {
            return mapping.get(key);
        }
        return hasDefault ? defaultValue : value;
    }
}
