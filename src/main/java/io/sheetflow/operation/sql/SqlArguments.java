package io.sheetflow.operation.sql;

import io.sheetflow.operation.InvalidArgumentException;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Argument checks shared by the SQL operations, with Pycelize's messages where it had them. */
final class SqlArguments {

    static final int MAX_BATCH_SIZE = 10_000;

    private SqlArguments() {
    }

    /** A copy keeping the given order (the order of the generated columns), never null. */
    static Map<String, String> orderedCopy(Map<String, String> mapping) {
        return mapping == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
    }

    static List<String> copy(List<String> columns) {
        return columns == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(columns));
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    static void requireTableName(String tableName) {
        if (tableName == null || tableName.isBlank()) {
            throw new InvalidArgumentException("table_name", "table_name is required");
        }
        SqlNames.requireWritable("table_name", "table_name", tableName);
        for (String part : tableName.split("\\.", -1)) {
            if (part.isBlank()) {
                throw new InvalidArgumentException("table_name", "table_name '" + tableName
                        + "' has an empty part: use schema.table");
            }
        }
    }

    /**
     * @param keysAreSqlColumns true for {@code {sql_col: source_col}}, false for {@code {placeholder: source_col}}
     */
    static void requireColumnMapping(Map<String, String> mapping, boolean keysAreSqlColumns) {
        if (mapping.isEmpty()) {
            throw new InvalidArgumentException("column_mapping", "column_mapping is required");
        }
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            String key = entry.getKey();
            if (keysAreSqlColumns) {
                SqlNames.requireWritable("column_mapping", "SQL column name '" + key + "'", key);
            } else if (key.isBlank()) {
                throw new InvalidArgumentException("column_mapping", "Placeholder names must not be empty");
            }
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                throw new InvalidArgumentException("column_mapping", "column_mapping: the source column for '"
                        + key + "' is missing");
            }
        }
    }

    /** Optional pre-selection: no empty or repeated names. */
    static void requireColumns(List<String> columns) {
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (column == null || column.isEmpty()) {
                throw new InvalidArgumentException("columns", "Column names must not be empty");
            }
            if (!seen.add(column)) {
                throw new InvalidArgumentException("columns", "Column '" + column + "' is listed more than once");
            }
        }
    }
}
