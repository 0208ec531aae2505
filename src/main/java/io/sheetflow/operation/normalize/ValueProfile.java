package io.sheetflow.operation.normalize;

import io.sheetflow.sheet.ColumnTypeInference;
import io.sheetflow.sheet.DistinctCounter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pycelize's before/after statistics of one normalization, gathered as values stream by:
 * {@code {total_values, null_count, unique_count, data_type}}, plus {@code unique_count_estimated: true} when the
 * column had too many distinct values to count exactly (see {@link DistinctCounter}).
 */
final class ValueProfile {

    private final ColumnTypeInference types = new ColumnTypeInference(1);
    private final Object[] cell = new Object[1];
    private final DistinctCounter distinct = new DistinctCounter();
    private long total;
    private long nulls;

    void accept(Object value) {
        total++;
        if (value == null) {
            nulls++;
            return;
        }
        cell[0] = value;
        types.accept(cell);
        distinct.add(value);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("total_values", total);
        map.put("null_count", nulls);
        map.put("unique_count", distinct.count());
        map.put("data_type", types.type(0).jsonName());
        if (distinct.estimated()) {
            map.put("unique_count_estimated", true);
        }
        return map;
    }
}
