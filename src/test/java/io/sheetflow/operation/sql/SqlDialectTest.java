package io.sheetflow.operation.sql;

import io.sheetflow.operation.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqlDialectTest {

    @Test
    void identifiers_areQuotedWithTheQuoteCharacterDoubled() {
        assertEquals("\"a\"\"b`c\"", SqlDialect.POSTGRESQL.quoteIdentifier("a\"b`c"));
        assertEquals("\"a\"\"b`c\"", SqlDialect.SQLITE.quoteIdentifier("a\"b`c"));
        assertEquals("`a\"b``c`", SqlDialect.MYSQL.quoteIdentifier("a\"b`c"));
        assertEquals("\"public\".\"Order Items\"", SqlDialect.POSTGRESQL.quoteQualifiedName("public.Order Items"));
    }

    @Test
    void text_isEscapedPerDialect() {
        assertEquals("'O''Brien C:\\x'", literal(SqlDialect.POSTGRESQL, "O'Brien C:\\x"));
        assertEquals("'O''Brien C:\\x'", literal(SqlDialect.SQLITE, "O'Brien C:\\x"));
        assertEquals("'O''Brien C:\\\\x'", literal(SqlDialect.MYSQL, "O'Brien C:\\x"));
        assertEquals("'北京 \"q\"'", literal(SqlDialect.MYSQL, "北京 \"q\""));
    }

    @Test
    void typedValues_areWrittenPerDialect() {
        assertEquals("NULL", literal(SqlDialect.MYSQL, null));
        assertEquals("-42", literal(SqlDialect.POSTGRESQL, -42L));
        assertEquals("10000000", literal(SqlDialect.POSTGRESQL, 1.0E7));
        assertEquals("0.000001", literal(SqlDialect.SQLITE, 1.0E-6));
        assertEquals("TRUE", literal(SqlDialect.POSTGRESQL, true));
        assertEquals("0", literal(SqlDialect.MYSQL, false));
        assertEquals("1", literal(SqlDialect.SQLITE, true));
        assertEquals("'2024-01-15'::date", literal(SqlDialect.POSTGRESQL, LocalDate.of(2024, 1, 15)));
        assertEquals("'2024-01-15'", literal(SqlDialect.MYSQL, LocalDate.of(2024, 1, 15)));
        assertEquals("'2024-01-15 10:30:00'::timestamp",
                literal(SqlDialect.POSTGRESQL, LocalDateTime.of(2024, 1, 15, 10, 30)));
        assertEquals("'2024-01-15 10:30:00.5'", literal(SqlDialect.SQLITE,
                LocalDateTime.of(2024, 1, 15, 10, 30, 0, 500_000_000)));
    }

    @Test
    void databaseType_isCaseInsensitiveAndUnknownOnesAreRefused() {
        assertEquals(SqlDialect.MYSQL, SqlDialect.fromJson("MySQL"));
        assertEquals(SqlDialect.POSTGRESQL, SqlDialect.fromJson(" postgresql "));
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> SqlDialect.fromJson("oracle"));

        assertEquals("database_type", failure.field());
        assertEquals("Invalid database type: 'oracle'. Valid types are: postgresql, mysql, sqlite",
                failure.getMessage());
    }

    private static String literal(SqlDialect dialect, Object value) {
        StringBuilder out = new StringBuilder();
        dialect.appendLiteral(out, value);
        return out.toString();
    }
}
