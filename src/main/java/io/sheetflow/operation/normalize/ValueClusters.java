package io.sheetflow.operation.normalize;

import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.sheet.CellText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Clusters of near-duplicate values of one column. {@link #add} counts each non-blank cell by its text (one entry
 * per distinct value, at most {@value #MAX_DISTINCT_VALUES}); {@link #clusters} then groups the distinct values:
 * by equal key for {@code fingerprint}, {@code ngram} and {@code metaphone}, and for {@code levenshtein} by
 * fingerprints within edit distance 1, found through a deletion index (two strings within distance 1 share a
 * one-deletion variant) so only values that share a block are compared, never all pairs. Blocks of more than
 * {@value #MAX_BLOCK} values (variants common to very many short values) are skipped and counted.
 */
final class ValueClusters {

    static final int MAX_DISTINCT_VALUES = 200_000;
    static final int MAX_BLOCK = 200;
    /** Longer fingerprints only cluster with equal ones: their deletion variants would cost too much. */
    static final int MAX_EDIT_LENGTH = 64;

    /** One cluster: its values, most frequent first, and the suggested canonical value (the most frequent). */
    record Cluster(String canonical, long rows, List<Map.Entry<String, Long>> values) {
    }

    /** The clusters found (largest first, at most {@code maxClusters}) and how many there were in all. */
    record Found(List<Cluster> clusters, int total, long skippedBlocks) {
    }

    private static final class Count {
        long value;
    }

    private final String column;
    private final Map<String, Count> counts = new HashMap<>();
    private long cells;

    ValueClusters(String column) {
        this.column = column;
    }

    void add(Object cell) {
        if (cell == null) {
            return;
        }
        String text = CellText.of(cell);
        if (text.isBlank()) {
            return;
        }
        cells++;
        Count count = counts.get(text);
        if (count == null) {
            if (counts.size() >= MAX_DISTINCT_VALUES) {
                throw new OperationFailedException(String.format(Locale.ROOT, "Column '%s' has more than %,d"
                        + " distinct values; normalization/cluster supports at most that many", column,
                        MAX_DISTINCT_VALUES));
            }
            count = new Count();
            counts.put(text, count);
        }
        count.value++;
    }

    long cells() {
        return cells;
    }

    int distinctValues() {
        return counts.size();
    }

    Found clusters(String method, int minClusterSize, int maxClusters) {
        List<List<String>> groups = switch (method) {
            case "fingerprint" -> byKey(ClusterKeys::fingerprint);
            case "ngram" -> byKey(value -> ClusterKeys.ngram(value, 2));
            case "metaphone" -> byKey(ClusterKeys::metaphone);
            case "levenshtein" -> null;
            default -> throw new IllegalArgumentException(method);
        };
        long[] skipped = new long[1];
        if (groups == null) {
            groups = byEditDistance(skipped);
        }
        List<Cluster> clusters = new ArrayList<>();
        for (List<String> group : groups) {
            if (group.size() >= minClusterSize) {
                clusters.add(cluster(group));
            }
        }
        clusters.sort(Comparator.comparingInt((Cluster c) -> c.values().size()).reversed()
                .thenComparing(Comparator.comparingLong(Cluster::rows).reversed())
                .thenComparing(Cluster::canonical));
        int total = clusters.size();
        return new Found(List.copyOf(clusters.subList(0, Math.min(maxClusters, total))), total, skipped[0]);
    }

    private Cluster cluster(List<String> group) {
        List<Map.Entry<String, Long>> values = new ArrayList<>(group.size());
        long rows = 0;
        for (String value : group) {
            long n = counts.get(value).value;
            rows += n;
            values.add(Map.entry(value, n));
        }
        values.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return new Cluster(values.get(0).getKey(), rows, values);
    }

    private List<List<String>> byKey(Function<String, String> key) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String value : counts.keySet()) {
            groups.computeIfAbsent(key.apply(value), k -> new ArrayList<>(2)).add(value);
        }
        return new ArrayList<>(groups.values());
    }

    /**
     * Values grouped by fingerprint first (distance 0), then fingerprints within edit distance 1 joined around
     * centres: the most frequent unassigned fingerprint takes its unassigned neighbours, so clusters do not chain.
     */
    private List<List<String>> byEditDistance(long[] skippedBlocks) {
        List<List<String>> byFingerprint = byKey(ClusterKeys::fingerprint);
        int n = byFingerprint.size();
        String[] keys = new String[n];
        long[] rows = new long[n];
        for (int i = 0; i < n; i++) {
            List<String> group = byFingerprint.get(i);
            keys[i] = ClusterKeys.fingerprint(group.get(0));
            for (String value : group) {
                rows[i] += counts.get(value).value;
            }
        }
        Map<String, int[]> blocks = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String key = keys[i];
            if (key.length() > MAX_EDIT_LENGTH) {
                continue;
            }
            addToBlock(blocks, key, i);
            for (int d = 0; d < key.length(); d++) {
                if (d == 0 || key.charAt(d) != key.charAt(d - 1)) {
                    addToBlock(blocks, key.substring(0, d) + key.substring(d + 1), i);
                }
            }
        }
        int[][] neighbours = new int[n][];
        int[] neighbourCounts = new int[n];
        for (int[] block : blocks.values()) {
            int size = block[0];
            if (size < 2) {
                continue;
            }
            if (size > MAX_BLOCK) {
                skippedBlocks[0]++;
                continue;
            }
            for (int a = 1; a <= size; a++) {
                for (int b = a + 1; b <= size; b++) {
                    int x = block[a];
                    int y = block[b];
                    if (x != y && withinOneEdit(keys[x], keys[y])) {
                        link(neighbours, neighbourCounts, x, y);
                        link(neighbours, neighbourCounts, y, x);
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> rows[i]).reversed().thenComparing(i -> keys[i]));
        boolean[] assigned = new boolean[n];
        List<List<String>> groups = new ArrayList<>();
        for (int centre : order) {
            if (assigned[centre]) {
                continue;
            }
            assigned[centre] = true;
            List<String> group = new ArrayList<>(byFingerprint.get(centre));
            for (int k = 0; k < neighbourCounts[centre]; k++) {
                int other = neighbours[centre][k];
                if (!assigned[other]) {
                    assigned[other] = true;
                    group.addAll(byFingerprint.get(other));
                }
            }
            groups.add(group);
        }
        return groups;
    }

    /** A block is {@code [size, member...]}, grown by doubling. */
    private static void addToBlock(Map<String, int[]> blocks, String variant, int member) {
        int[] block = blocks.get(variant);
        if (block == null) {
            blocks.put(variant, new int[] {1, member});
            return;
        }
        int size = block[0];
        if (size > MAX_BLOCK) {
            return;
        }
        if (block[size] == member) {
            return;
        }
        if (size + 1 == block.length) {
            block = Arrays.copyOf(block, block.length * 2);
            blocks.put(variant, block);
        }
        block[size + 1] = member;
        block[0] = size + 1;
    }

    private static void link(int[][] neighbours, int[] counts, int from, int to) {
        int[] list = neighbours[from];
        for (int k = 0; k < counts[from]; k++) {
            if (list[k] == to) {
                return;
            }
        }
        if (list == null) {
            list = new int[2];
        } else if (counts[from] == list.length) {
            list = Arrays.copyOf(list, list.length * 2);
        }
        neighbours[from] = list;
        list[counts[from]++] = to;
    }

    /** Levenshtein distance at most 1: one substitution, insertion or deletion. */
    static boolean withinOneEdit(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        if (la > lb) {
            return withinOneEdit(b, a);
        }
        int i = 0;
        while (i < la && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == la) {
            return true;
        }
        if (la == lb) {
            return a.regionMatches(i + 1, b, i + 1, la - i - 1);
        }
        return a.regionMatches(i, b, i + 1, la - i);
    }
}
