package io.sheetflow.sheet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a raw header row into column names the way pandas does, because users rely on those names. */
final class HeaderNames {

    private HeaderNames() {
    }

    /**
     * Empty cells become {@code Unnamed: i} (zero-based position); repeated names get {@code .1}, {@code .2}
     * suffixes, skipping suffixed names that already exist (pandas' {@code dedup_names}).
     */
    static List<String> of(List<?> rawHeader) {
        List<String> names = new ArrayList<>(rawHeader.size());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < rawHeader.size(); i++) {
            String name = CellText.of(rawHeader.get(i));
            if (name.isEmpty()) {
                name = "Unnamed: " + i;
            }
            int count = counts.getOrDefault(name, 0);
            while (count > 0) {
                counts.put(name, count + 1);
                name = name + "." + count;
                count = counts.getOrDefault(name, 0);
            }
            counts.put(name, count + 1);
            names.add(name);
        }
        return List.copyOf(names);
    }
}
