package io.sheetflow.recipe;

import io.sheetflow.assistant.rules.Words;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For the columns a file lacks, the closest of its other columns: names compared folded (lower case, accents,
 * spaces, punctuation and underscores removed), then by edit distance, at most 40% of the longer folded name
 * (at least 1). Closest pairs are taken first and each real column is suggested at most once.
 */
public final class ColumnSuggestions {
    private ColumnSuggestions() {
    }

    private record Pair(String missing, String candidate, int distance, int order) {
    }

    /** {@code missing column -> suggested real column}, in the order of {@code missing}; unmatched ones left out. */
    public static Map<String, String> suggest(List<String> missing, Collection<String> candidates) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < missing.size(); i++) {
            String wanted = fold(missing.get(i));
            for (String candidate : candidates) {
                String real = fold(candidate);
                int distance = Words.distance(wanted, real);
                if (distance <= Math.max(1, Math.max(wanted.length(), real.length()) * 2 / 5)) {
                    pairs.add(new Pair(missing.get(i), candidate, distance, i));
                }
            }
        }
        pairs.sort(Comparator.comparingInt(Pair::distance).thenComparingInt(Pair::order));
        Map<String, String> chosen = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (Pair pair : pairs) {
            if (!chosen.containsKey(pair.missing()) && used.add(pair.candidate())) {
                chosen.put(pair.missing(), pair.candidate());
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String column : missing) {
            if (chosen.containsKey(column)) {
                ordered.put(column, chosen.get(column));
            }
        }
        return ordered;
    }

    static String fold(String name) {
        return Words.compact(Words.fold(name));
    }
}
