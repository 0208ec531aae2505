package io.sheetflow.operation.rest;

import java.util.ArrayList;
import java.util.List;

/** Splits generated SQL text into statements at semicolons outside quotes, dropping comment lines. */
final class SqlStatements {
    private SqlStatements() {
    }

    /** @param backslashEscapes true for MySQL, whose string literals also escape with a backslash */
    static List<String> split(String sql, boolean backslashEscapes) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean lineStart = true;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote == 0 && lineStart && c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
                continue;
            }
            lineStart = c == '\n' || (lineStart && Character.isWhitespace(c));
            current.append(c);
            if (quote != 0) {
                if (c == '\\' && backslashEscapes && quote == '\'' && i + 1 < sql.length()) {
                    current.append(sql.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == ';') {
                String statement = current.toString().strip();
                if (!statement.equals(";")) {
                    statements.add(statement);
                }
                current.setLength(0);
                lineStart = false;
            }
        }
        String rest = current.toString().strip();
        if (!rest.isEmpty()) {
            statements.add(rest);
        }
        return statements;
    }
}
