package io.sheetflow.operation.sql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.sheet.CellText;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * The SQL dialects generated SQL is written for ({@code database_type}), and how each quotes and formats:
 * <ul>
 *   <li>identifiers: {@code "name"} with {@code "} doubled (postgresql, sqlite), {@code `name`} with backticks
 *       doubled (mysql);</li>
 *   <li>text: {@code 'text'} with {@code '} doubled; mysql also doubles backslashes (its default mode reads
 *       {@code \} as an escape character);</li>
 *   <li>numbers bare in plain notation; booleans {@code TRUE}/{@code FALSE} (postgresql) or {@code 1}/{@code 0};
 *       dates {@code '2024-01-15'} and date-times {@code '2024-01-15 10:30:00'}, with a {@code ::date} /
 *       {@code ::timestamp} cast on postgresql; null {@code NULL}.</li>
 * </ul>
 */
public enum SqlDialect {
    POSTGRESQL("postgresql"),
    MYSQL("mysql"),
    SQLITE("sqlite");

    public static final String VALID_TYPES = "postgresql, mysql, sqlite";

    private final String jsonName;

    SqlDialect(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /** {@code database_type}, case-insensitive. */
    @JsonCreator
    public static SqlDialect fromJson(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (SqlDialect dialect : values()) {
            if (dialect.jsonName.equals(wanted)) {
                return dialect;
            }
        }
        throw new InvalidArgumentException("database_type", "Invalid database type: '" + value
                + "'. Valid types are: " + VALID_TYPES);
    }

    /** One identifier, quoted. */
    public String quoteIdentifier(String name) {
        char quote = this == MYSQL ? '`' : '"';
        StringBuilder quoted = new StringBuilder(name.length() + 2).append(quote);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == quote) {
                quoted.append(quote);
            }
            quoted.append(c);
        }
        return quoted.append(quote).toString();
    }

    /** A table name, each dot-separated part quoted: {@code sales.orders -> "sales"."orders"}. */
    public String quoteQualifiedName(String name) {
        String[] parts = name.split("\\.", -1);
        StringBuilder quoted = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                quoted.append('.');
            }
            quoted.append(quoteIdentifier(parts[i]));
        }
        return quoted.toString();
    }

    /** Appends text as it goes between single quotes. */
    public void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                out.append('\'');
            } else if (c == '\\' && this == MYSQL) {
                out.append('\\');
            }
            out.append(c);
        }
    }

    /** Appends a quoted text literal. */
    public void appendString(StringBuilder out, String text) {
        out.append('\'');
        appendEscaped(out, text);
        out.append('\'');
    }

    public String booleanLiteral(boolean value) {
        if (this == POSTGRESQL) {
            return value ? "TRUE" : "FALSE";
        }
        return value ? "1" : "0";
    }

    /** Appends a typed cell value as a literal. */
    public void appendLiteral(StringBuilder out, Object value) {
        if (value == null) {
            out.append("NULL");
        } else if (value instanceof String text) {
            appendString(out, text);
        } else if (value instanceof Long number) {
            out.append(number.longValue());
        } else if (value instanceof Double number) {
            if (Double.isFinite(number)) {
                out.append(CellText.plainNumber(number));
            } else {
                appendString(out, number.toString());
            }
        } else if (value instanceof Boolean bool) {
            out.append(booleanLiteral(bool));
        } else if (value instanceof LocalDate date) {
            appendString(out, CellText.isoDate(date));
            if (this == POSTGRESQL) {
                out.append("::date");
            }
        } else if (value instanceof LocalDateTime dateTime) {
            appendString(out, CellText.isoDateTime(dateTime, ' '));
            if (this == POSTGRESQL) {
                out.append("::timestamp");
            }
        } else if (value instanceof SqlExpression expression) {
            out.append(expression.sql());
        } else {
            appendString(out, value.toString());
        }
    }

    /** The statement that opens a transaction. */
    public String beginTransaction() {
        return switch (this) {
            case POSTGRESQL -> "BEGIN;";
            case MYSQL -> "START TRANSACTION;";
            case SQLITE -> "BEGIN TRANSACTION;";
        };
    }

    /** The current date-time, for {@code {current_timestamp}} in a {@code sql/generate} template. */
    public String now() {
        return this == SQLITE ? "datetime('now')" : "NOW()";
    }

    /** The current date, for {@code {current_date}} in a {@code sql/generate} template. */
    public String today() {
        return switch (this) {
            case POSTGRESQL -> "CURRENT_DATE";
            case MYSQL -> "CURDATE()";
            case SQLITE -> "date('now')";
        };
    }

    /** A new UUID: {@code uuid_generate_v4()} (postgresql, uuid-ossp), {@code UUID()} elsewhere. */
    public String newUuid() {
        return this == POSTGRESQL ? "uuid_generate_v4()" : "UUID()";
    }

    /** What lets the database pick an identity column's value: {@code DEFAULT}, or {@code NULL} on sqlite. */
    public String generatedValue() {
        return this == SQLITE ? "NULL" : "DEFAULT";
    }
}
