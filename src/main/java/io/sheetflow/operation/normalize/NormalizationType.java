package io.sheetflow.operation.normalize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A normalization type: its name (as in requests), what it does, its parameters and how to make its
 * {@link Normalizer} from them.
 */
public record NormalizationType(String name, String description, List<ParameterSpec> parameters,
                                Function<Parameters, Normalizer> factory) {

    public NormalizationType {
        parameters = List.copyOf(parameters);
    }

    /** The parameter of that name, or null. */
    public ParameterSpec parameter(String name) {
        for (ParameterSpec spec : parameters) {
            if (spec.name().equals(name)) {
                return spec;
            }
        }
        return null;
    }

    /** {@code {name, description, parameters:[...]}} for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("description", description);
        map.put("parameters", parameters.stream().map(ParameterSpec::toMap).toList());
        return map;
    }
}
