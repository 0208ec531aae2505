package io.sheetflow.operation.sql;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.sheetflow.operation.sql.GenerateSqlOperationTest.mapping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GenerateSqlToTextOperationTest {

    private final GenerateSqlToTextOperation operation = new GenerateSqlToTextOperation();

    @TempDir
    Path dir;

    @Test
    void everyRow_becomesOneInsertInsideATransaction() throws Exception {
        TestOperationContext context = TestOperationContext.of(SqlFixtures.people(dir), SheetFormat.XLSX,
                dir.resolve("out"));

        Map<String, Object> data = operation.execute(new GenerateSqlToTextOperation.Arguments("people",
                mapping("name", "name", "age", "age"), null, null, SqlDialect.SQLITE, null, null), context).data();

        assertEquals(Map.of("table_name", "people", "database_type", "sqlite", "total_rows", 3L,
                "duplicates_removed", 0L, "total_statements", 5L), data);
        assertEquals("people_sql_text.sql", context.outputs().get(0).displayName());
        assertEquals("""
                -- Generated SQL statements
                -- Database: sqlite
                -- Table: people
                -- Generated at: <now>
                -- Total rows: 3
                -- Total statements: 5

                BEGIN TRANSACTION;
                INSERT INTO "people" ("name", "age") VALUES ('John Doe', 30);
                INSERT INTO "people" ("name", "age") VALUES ('O''Brien', 25.5);
                INSERT INTO "people" ("name", "age") VALUES ('C:\\temp "x"', NULL);
                COMMIT;
                """, SqlFixtures.read(context.outputs().get(0).path()));
    }

    @Test
    void selectedColumnsWithoutDuplicates_areWhatTheMappingSees() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "orders.csv", """
                id,customer,city
                1,Ann,Paris
                2,Bob,Lyon
                3,Ann,Paris
                4,Ann,Lyon
                """);
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        Map<String, Object> data = operation.execute(new GenerateSqlToTextOperation.Arguments("customers",
                mapping("name", "customer", "town", "city"), List.of("customer", "city"), true, SqlDialect.MYSQL,
                new AutoIncrement(true, "id", IncrementType.MANUAL_SEQUENCE, 1L, null), null), context).data();

        assertEquals(3L, data.get("total_rows"));
        assertEquals(1L, data.get("duplicates_removed"));
        assertEquals("""
                START TRANSACTION;
                INSERT INTO `customers` (`id`, `name`, `town`) VALUES (1, 'Ann', 'Paris');
                INSERT INTO `customers` (`id`, `name`, `town`) VALUES (2, 'Bob', 'Lyon');
                INSERT INTO `customers` (`id`, `name`, `town`) VALUES (3, 'Ann', 'Lyon');
                COMMIT;
                """, GenerateSqlOperationTest.statements(context));
    }

    @Test
    void removeDuplicatesWithoutSelection_comparesWholeRows() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "d.csv", "a,b\n1,x\n1,x\n1,y\n");
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        Map<String, Object> data = operation.execute(new GenerateSqlToTextOperation.Arguments("t",
                mapping("a", "a"), null, true, null, null, null), context).data();

        assertEquals(2L, data.get("total_rows"));
        assertEquals("BEGIN;\nINSERT INTO \"t\" (\"a\") VALUES (1);\nINSERT INTO \"t\" (\"a\") VALUES (1);\nCOMMIT;\n",
                GenerateSqlOperationTest.statements(context));
    }

    @Test
    void missingColumns_failNamingThem() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "d.csv", "a,b\n1,x\n");

        OperationFailedException selection = assertThrows(OperationFailedException.class, () -> operation.execute(
                new GenerateSqlToTextOperation.Arguments("t", mapping("a", "a"), List.of("a", "c", "d"), null, null,
                        null, null), TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("o1"))));
        OperationFailedException mapped = assertThrows(OperationFailedException.class, () -> operation.execute(
                new GenerateSqlToTextOperation.Arguments("t", mapping("a", "b"), List.of("a"), null, null, null,
                        null), TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("o2"))));

        assertEquals("Columns not found: c, d", selection.getMessage());
        assertEquals("Columns not found in data: b", mapped.getMessage());
    }

    @Test
    void invalidArguments_areRejectedNamingTheField() {
        InvalidArgumentException table = assertThrows(InvalidArgumentException.class, () -> operation.validate(
                new GenerateSqlToTextOperation.Arguments(null, mapping("a", "a"), null, null, null, null, null)));
        InvalidArgumentException columns = assertThrows(InvalidArgumentException.class, () -> operation.validate(
                new GenerateSqlToTextOperation.Arguments("t", mapping("a", "a"), List.of("a", "a"), null, null, null,
                        null)));

        assertEquals("table_name is required", table.getMessage());
        assertEquals("columns", columns.field());
        assertEquals("Column 'a' is listed more than once", columns.getMessage());
    }

    @Test
    void progress_countsEveryRowRead() throws Exception {
        RecordingProgressReporter progress = RecordingProgressReporter.recording();

        operation.execute(new GenerateSqlToTextOperation.Arguments("t", mapping("n", "n"), null, null, null, null,
                null), TestOperationContext.of(SqlFixtures.numbers(dir, 2_001), SheetFormat.CSV, dir.resolve("o"),
                progress));

        assertEquals(List.of(1_000L, 2_000L, 2_001L), progress.rowsDone());
    }
}
