package io.sheetflow.operation.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL operations' arguments bound from step JSON by the real registry. */
class SqlArgumentsBindingTest {

    private final ObjectMapper json = new ObjectMapper();
    private final GenerateSqlOperation generate = new GenerateSqlOperation();
    private final GenerateCustomSqlOperation custom = new GenerateCustomSqlOperation();
    private final OperationRegistry registry = new OperationRegistry(List.of(generate,
            new GenerateSqlToTextOperation(), custom), json);

    @Test
    void operations_haveTheReferenceNames() {
        assertEquals(List.of("sql/generate", "sql/generate-custom-to-text", "sql/generate-to-text"),
                List.copyOf(registry.names()));
    }

    @Test
    void snakeCaseArguments_bindWithDefaults() throws Exception {
        GenerateSqlOperation.Arguments arguments = registry.bind(generate, json.readTree("""
                {"table_name": "users", "column_mapping": {"b": "B", "a": "A"}, "database_type": "SQLite",
                 "auto_increment": {"enabled": true, "increment_type": "manual_sequence"}}"""));

        assertEquals(List.of("b", "a"), List.copyOf(arguments.columnMapping().keySet()));
        assertEquals(SqlDialect.SQLITE, arguments.databaseType());
        assertEquals(new AutoIncrement(true, "id", IncrementType.MANUAL_SEQUENCE, 1L, "seq_id"),
                arguments.autoIncrement());
        assertEquals(1, arguments.batchSize());
        assertTrue(arguments.includeTransaction());
    }

    @Test
    void camelCaseAutoIncrementFields_areAcceptedAsInTheReference() throws Exception {
        GenerateSqlOperation.Arguments arguments = registry.bind(generate, json.readTree("""
                {"table_name": "t", "column_mapping": {"a": "a"}, "auto_increment": {"enabled": true,
                 "columnName": "key", "incrementType": "uuid_generate", "startValue": 5, "sequenceName": "s"}}"""));

        assertEquals(new AutoIncrement(true, "key", IncrementType.UUID_GENERATE, 5L, "s"), arguments.autoIncrement());
    }

    @Test
    void badValues_areRejectedNamingTheField() {
        assertRejected(generate, "{\"table_name\": \"t\", \"column_mapping\": {\"a\": \"a\"},"
                + " \"database_type\": \"oracle\"}", "database_type",
                "Invalid database type: 'oracle'. Valid types are: postgresql, mysql, sqlite");
        assertRejected(generate, "{\"table_name\": \"t\", \"column_mapping\": {\"a\": \"a\"},"
                + " \"auto_increment\": {\"enabled\": true, \"increment_type\": \"bogus\"}}",
                "auto_increment.increment_type", "Invalid increment_type: 'bogus'. Valid types are: postgresql_serial,"
                        + " mysql_auto_increment, sqlite_autoincrement, manual_sequence, uuid_generate, none");
        assertRejected(generate, "{\"table_name\": \"t\", \"column_mapping\": {\"a\": \"a\"}, \"batch\": 5}",
                "batch", "Unknown argument 'batch'. Known arguments: auto_increment, batch_size, column_mapping,"
                        + " database_type, include_transaction, sheet_name, table_name, template");
        assertRejected(generate, "{\"table_name\": \"t\", \"column_mapping\": [\"a\"]}", "column_mapping",
                "Argument 'column_mapping' has the wrong type: expected an object");
        assertRejected(generate, "{\"table_name\": \"t\", \"column_mapping\": {\"a\": \"a\"},"
                + " \"auto_increment\": {\"enabled\": true, \"start\": 1}}", "auto_increment.start",
                "Unknown argument 'auto_increment.start'."
                + " Known arguments: column_name, enabled, increment_type, sequence_name, start_value");
        assertRejected(custom, "{\"column_mapping\": {\"a\": \"a\"}}", "template", "template is required");
        assertRejected(custom, "{\"template\": \"{a}\", \"column_mapping\": {}}", "column_mapping",
                "column_mapping is required");
    }

    private void assertRejected(io.sheetflow.operation.Operation<?> operation, String arguments, String field,
                                String message) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> registry.bind(operation, json.readTree(arguments)));
        assertEquals(field, failure.field(), failure.getMessage());
        assertEquals(message, failure.getMessage());
    }
}
