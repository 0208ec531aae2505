package io.sheetflow.operation.bind;

import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.sheet.TableReader;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The bind side of a key bind, in memory: each key's bound values from its first row in the bind file. */
final class BindTable {

    private final Map<Object, Object[]> valuesByKey = new HashMap<>();
    private long rows;
    private long duplicateKeys;

    private BindTable() {
    }

    /**
     * Reads every row of {@code reader}.
     *
     * @param keyIndexes   the comparison columns in the bind file
     * @param valueIndexes the bind columns in the bind file
     * @param maxRows      the most rows accepted
     * @throws OperationFailedException when the bind file has more than {@code maxRows} rows
     */
    static BindTable load(TableReader reader, int[] keyIndexes, int[] valueIndexes, long maxRows, String fileName,
                          TwoFileProgress progress) throws IOException {
        BindTable table = new BindTable();
        for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
            if (++table.rows > maxRows) {
                throw new OperationFailedException("The bind file '" + fileName + "' has more than " + maxRows
                        + " rows: binding keeps the bind file in memory and takes at most " + maxRows
                        + " rows. Keep only the rows the bind needs, or split the bind file.");
            }
            Object key = BindKeys.of(row, keyIndexes);
            if (key != null) {
                if (table.valuesByKey.containsKey(key)) {
                    table.duplicateKeys++;
                } else {
                    Object[] values = new Object[valueIndexes.length];
                    for (int i = 0; i < valueIndexes.length; i++) {
                        values[i] = row[valueIndexes[i]];
                    }
                    table.valuesByKey.put(key, values);
                }
            }
            progress.rowDone();
        }
        return table;
    }

    /** The bound values for a key, or {@code null} when the bind file has no row with it. */
    Object[] values(Object key) {
        return key == null ? null : valuesByKey.get(key);
    }

    long rows() {
        return rows;
    }

    long uniqueKeys() {
        return valuesByKey.size();
    }

    /** Rows whose key an earlier row already had: ignored, the first row wins. */
    long duplicateKeys() {
        return duplicateKeys;
    }
}
