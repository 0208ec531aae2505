package io.sheetflow.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The most frequent values of a stream in bounded memory. Exact while at most {@code capacity} distinct values have
 * been seen; beyond, a Misra-Gries summary: when the table is full every count drops by the median count and the
 * values at zero are forgotten, so at least half the slots free up per prune (amortised O(log capacity) per
 * value). After a prune a reported count is a lower bound, short by at most {@link #maxUndercount()}, and any value
 * more frequent than {@code 2 * values / capacity} is still present.
 */
public final class FrequentValues {

    /** One value and its count (exact, or a lower bound when {@link FrequentValues#exact()} is false). */
    public record Entry(Object value, long count) {
    }

    private static final class Counter {
        long count;
    }

    private final int capacity;
    private final Map<Object, Counter> counts;
    private long maxUndercount;

    public FrequentValues(int capacity) {
        this.capacity = Math.max(16, capacity);
        this.counts = new HashMap<>(Math.min(this.capacity, 1 << 12) * 2);
    }

    public void add(Object value) {
        Counter counter = counts.get(value);
        if (counter == null) {
            if (counts.size() >= capacity) {
                prune();
            }
            counter = new Counter();
            counts.put(value, counter);
        }
        counter.count++;
    }

    private void prune() {
        long[] all = new long[counts.size()];
        int i = 0;
        for (Counter c : counts.values()) {
            all[i++] = c.count;
        }
        Arrays.sort(all);
        long drop = all[all.length / 2];
        maxUndercount += drop;
        Iterator<Counter> it = counts.values().iterator();
        while (it.hasNext()) {
            Counter c = it.next();
            c.count -= drop;
            if (c.count <= 0) {
                it.remove();
            }
        }
    }

    /** True while every count is exact (no value was ever forgotten). */
    public boolean exact() {
        return maxUndercount == 0;
    }

    /** How much any reported count may fall short of the true one; 0 when {@link #exact()}. */
    public long maxUndercount() {
        return maxUndercount;
    }

    /** Up to {@code n} values, most frequent first; ties in the order of their text. */
    public List<Entry> top(int n) {
        List<Entry> entries = new ArrayList<>(counts.size());
        counts.forEach((value, counter) -> entries.add(new Entry(value, counter.count)));
        entries.sort(Comparator.comparingLong(Entry::count).reversed()
                .thenComparing(e -> io.sheetflow.sheet.CellText.of(e.value())));
        return List.copyOf(entries.subList(0, Math.min(n, entries.size())));
    }
}
