package io.sheetflow.operation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Finds named columns in a header; a step fails naming every column that is missing. */
public final class ColumnIndexes {

    private ColumnIndexes() {
    }

    /**
     * The index of each wanted column in {@code header}, in the order given.
     *
     * @param failurePrefix the message before the missing names, e.g. {@code "Columns not found in data: "}
     * @throws OperationFailedException {@code failurePrefix + "a, b"} when columns are missing
     */
    public static int[] require(List<String> header, Collection<String> wanted, String failurePrefix) {
        List<String> missing = missing(header, wanted);
        if (!missing.isEmpty()) {
            throw new OperationFailedException(failurePrefix + String.join(", ", missing));
        }
        int[] indexes = new int[wanted.size()];
        int i = 0;
        for (String column : wanted) {
            indexes[i++] = header.indexOf(column);
        }
        return indexes;
    }

    /** The wanted columns absent from {@code available}, in the order given, each once. */
    public static List<String> missing(Collection<String> available, Collection<String> wanted) {
        List<String> missing = new ArrayList<>();
        for (String column : wanted) {
            if (!available.contains(column) && !missing.contains(column)) {
                missing.add(column);
            }
        }
        return missing;
    }
}
