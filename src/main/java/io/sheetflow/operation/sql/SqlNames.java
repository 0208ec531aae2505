package io.sheetflow.operation.sql;

import io.sheetflow.operation.InvalidArgumentException;

/** Checks on names that end up in SQL text, and small literal helpers. */
final class SqlNames {

    private SqlNames() {
    }

    /**
     * Identifiers are quoted, so any character is fine except control characters (a line break would end the
     * header comment, NUL is refused by the databases).
     *
     * @param field the argument, e.g. {@code table_name} or {@code column_mapping}
     * @param label how the message names the value, e.g. {@code table_name} or {@code SQL column 'a b'}
     */
    static void requireWritable(String field, String label, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidArgumentException(field, label + " must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidArgumentException(field, label + " must not contain control characters"
                        + " (line breaks, tabs, NUL)");
            }
        }
    }

    static String stringLiteral(SqlDialect dialect, String text) {
        StringBuilder literal = new StringBuilder(text.length() + 2);
        dialect.appendString(literal, text);
        return literal.toString();
    }
}
