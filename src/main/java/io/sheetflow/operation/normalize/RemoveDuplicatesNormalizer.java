package io.sheetflow.operation.normalize;

import io.sheetflow.operation.excel.DistinctRows;

/**
 * {@code remove_duplicates}: drops every later row whose value in the column was seen before (empty counts as a
 * value, as in pandas' {@code drop_duplicates}); values are remembered as 128-bit hashes.
 */
final class RemoveDuplicatesNormalizer implements Normalizer.RowFilter {

    private DistinctRows seen = new DistinctRows();

    @Override
    public boolean keep(Object value) {
        return seen.firstSeen(new Object[] {value});
    }

    @Override
    public void reset() {
        seen = new DistinctRows();
    }
}
