package io.sheetflow.operation.excel;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Remembers the rows seen as 128-bit hashes (MurmurHash3 x64/128 over a typed encoding of the cells), so a million
 * distinct rows take about 32 MB whatever their width. With 128 bits a false "duplicate" among a billion rows has
 * a probability around 10^-21.
 */
public final class DistinctRows {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    /** Open addressing, each slot two longs (high, low); (0, 0) marks an empty slot. */
    private long[] slots = new long[2 * 1024];
    private int size;

    // Hash state of the row being encoded.
    private long h1;
    private long h2;
    private long pendingWord;
    private boolean hasPendingWord;
    private long words;

    /** True the first time a row with these cell values is offered, false for every repeat. */
    public boolean firstSeen(Object[] row) {
        h1 = 0x9368e53c2f6af274L;
        h2 = 0x9368e53c2f6af274L;
        hasPendingWord = false;
        words = 0;
        for (Object value : row) {
            encode(value);
        }
        finishHash();
        long high = h1;
        long low = h2;
        if (high == 0 && low == 0) {
            low = 1;
        }
        return insert(high, low);
    }

    public int size() {
        return size;
    }

    private void encode(Object value) {
        if (value == null) {
            word(0);
        } else if (value instanceof String text) {
            word(1);
            word(text.length());
            int i = 0;
            for (; i + 4 <= text.length(); i += 4) {
                word((long) text.charAt(i) << 48 | (long) text.charAt(i + 1) << 32
                        | (long) text.charAt(i + 2) << 16 | text.charAt(i + 3));
            }
            long tail = 0;
            for (; i < text.length(); i++) {
                tail = tail << 16 | text.charAt(i);
            }
            word(tail);
        } else if (value instanceof Long number) {
            word(2);
            word(number);
        } else if (value instanceof Double number) {
            word(3);
            word(number == 0.0 ? 0L : Double.doubleToLongBits(number));
        } else if (value instanceof Boolean bool) {
            word(4);
            word(bool ? 1 : 0);
        } else if (value instanceof LocalDate date) {
            word(5);
            word(date.toEpochDay());
        } else if (value instanceof LocalDateTime dateTime) {
            word(6);
            word(dateTime.toEpochSecond(ZoneOffset.UTC));
            word(dateTime.getNano());
        } else {
            word(7);
            encode(value.toString());
        }
    }

    private void word(long word) {
        words++;
        if (!hasPendingWord) {
            pendingWord = word;
            hasPendingWord = true;
            return;
        }
        hasPendingWord = false;
        long k1 = pendingWord * C1;
        k1 = Long.rotateLeft(k1, 31) * C2;
        h1 ^= k1;
        h1 = Long.rotateLeft(h1, 27) + h2;
        h1 = h1 * 5 + 0x52dce729;
        long k2 = word * C2;
        k2 = Long.rotateLeft(k2, 33) * C1;
        h2 ^= k2;
        h2 = Long.rotateLeft(h2, 31) + h1;
        h2 = h2 * 5 + 0x38495ab5;
    }

    private void finishHash() {
        if (hasPendingWord) {
            long k1 = pendingWord * C1;
            k1 = Long.rotateLeft(k1, 31) * C2;
            h1 ^= k1;
        }
        long length = words * 8;
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = mix(h1);
        h2 = mix(h2);
        h1 += h2;
        h2 += h1;
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private boolean insert(long high, long low) {
        if ((size + 1) * 2L > slots.length / 2) {
            grow();
        }
        if (!place(slots, high, low)) {
            return false;
        }
        size++;
        return true;
    }

    /** False when the pair is already there. */
    private static boolean place(long[] table, long high, long low) {
        int mask = table.length / 2 - 1;
        int slot = (int) low & mask;
        while (true) {
            long existingHigh = table[2 * slot];
            long existingLow = table[2 * slot + 1];
            if (existingHigh == 0 && existingLow == 0) {
                table[2 * slot] = high;
                table[2 * slot + 1] = low;
                return true;
            }
            if (existingHigh == high && existingLow == low) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (int i = 0; i < slots.length; i += 2) {
            if (slots[i] != 0 || slots[i + 1] != 0) {
                place(bigger, slots[i], slots[i + 1]);
            }
        }
        slots = bigger;
    }
}
