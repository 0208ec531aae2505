package io.sheetflow.operation.sql;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateSqlOperationTest {

    private static final Map<String, String> PEOPLE_MAPPING = mapping("full_name", "name", "age", "age",
            "score", "score", "active", "active", "joined", "joined", "seen", "seen", "code", "code");

    private final GenerateSqlOperation operation = new GenerateSqlOperation();

    @TempDir
    Path dir;

    @Test
    void postgresql_quotesIdentifiersAndWritesTypedValues() throws Exception {
        TestOperationContext context = TestOperationContext.of(SqlFixtures.people(dir), SheetFormat.XLSX,
                dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments("people", PEOPLE_MAPPING, null), context).data();

        assertEquals(Map.of("table_name", "people", "database_type", "postgresql", "total_rows", 3L,
                "total_statements", 5L), data);
        assertEquals("people_sql.sql", context.outputs().get(0).displayName());
        String columns = "(\"full_name\", \"age\", \"score\", \"active\", \"joined\", \"seen\", \"code\")";
        assertEquals("""
                -- Generated SQL statements
                -- Database: postgresql
                -- Table: people
                -- Generated at: <now>
                -- Total rows: 3
                -- Total statements: 5

                BEGIN;
                INSERT INTO "people" %1$s VALUES ('John Doe', 30, 88.5, TRUE, '2024-01-15'::date, \
                '2024-01-15 10:30:00'::timestamp, '007');
                INSERT INTO "people" %1$s VALUES ('O''Brien', 25.5, NULL, FALSE, NULL, NULL, NULL);
                INSERT INTO "people" %1$s VALUES ('C:\\temp "x"', NULL, -1.25, NULL, '2023-12-31'::date, NULL, \
                '北京');
                COMMIT;
                """.formatted(columns), SqlFixtures.read(context.outputs().get(0).path()));
    }

    @Test
    void mysql_usesBackticksEscapesBackslashesAndWritesBooleansAsNumbers() throws Exception {
        TestOperationContext context = TestOperationContext.of(SqlFixtures.people(dir), SheetFormat.XLSX,
                dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments("people", PEOPLE_MAPPING, SqlDialect.MYSQL), context)
                .data();

        assertEquals("mysql", data.get("database_type"));
        String columns = "(`full_name`, `age`, `score`, `active`, `joined`, `seen`, `code`)";
        assertEquals("""
                -- Generated SQL statements
                -- Database: mysql
                -- Table: people
                -- Generated at: <now>
                -- Total rows: 3
                -- Total statements: 5

                START TRANSACTION;
                INSERT INTO `people` %1$s VALUES ('John Doe', 30, 88.5, 1, '2024-01-15', '2024-01-15 10:30:00', '007');
                INSERT INTO `people` %1$s VALUES ('O''Brien', 25.5, NULL, 0, NULL, NULL, NULL);
                INSERT INTO `people` %1$s VALUES ('C:\\\\temp "x"', NULL, -1.25, NULL, '2023-12-31', NULL, '北京');
                COMMIT;
                """.formatted(columns), SqlFixtures.read(context.outputs().get(0).path()));
    }

    @Test
    void sqlite_usesDoubleQuotesAndBeginTransaction() throws Exception {
        TestOperationContext context = TestOperationContext.of(SqlFixtures.people(dir), SheetFormat.XLSX,
                dir.resolve("out"));

        operation.execute(arguments("people", PEOPLE_MAPPING, SqlDialect.SQLITE), context);

        String columns = "(\"full_name\", \"age\", \"score\", \"active\", \"joined\", \"seen\", \"code\")";
        assertEquals("""
                -- Generated SQL statements
                -- Database: sqlite
                -- Table: people
                -- Generated at: <now>
                -- Total rows: 3
                -- Total statements: 5

                BEGIN TRANSACTION;
                INSERT INTO "people" %1$s VALUES ('John Doe', 30, 88.5, 1, '2024-01-15', '2024-01-15 10:30:00', '007');
                INSERT INTO "people" %1$s VALUES ('O''Brien', 25.5, NULL, 0, NULL, NULL, NULL);
                INSERT INTO "people" %1$s VALUES ('C:\\temp "x"', NULL, -1.25, NULL, '2023-12-31', NULL, '北京');
                COMMIT;
                """.formatted(columns), SqlFixtures.read(context.outputs().get(0).path()));
    }

    @Test
    void identifiersWithQuotesAndSchemas_areQuotedPartByPart() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "q.csv", "a\n1\n");
        Map<String, String> mapping = mapping("we\"ird`col", "a");

        TestOperationContext pg = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("pg"));
        operation.execute(arguments("sales.my\"table", mapping, null), pg);
        TestOperationContext mysql = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("mysql"));
        operation.execute(arguments("sales.my`table", mapping, SqlDialect.MYSQL), mysql);

        assertTrue(SqlFixtures.read(pg.outputs().get(0).path())
                .contains("INSERT INTO \"sales\".\"my\"\"table\" (\"we\"\"ird`col\") VALUES (1);\n"));
        assertTrue(SqlFixtures.read(mysql.outputs().get(0).path())
                .contains("INSERT INTO `sales`.`my``table` (`we\"ird``col`) VALUES (1);\n"));
    }

    @Test
    void batchSize_writesMultiRowInsertsWithTheRestInTheLastOne() throws Exception {
        TestOperationContext context = TestOperationContext.of(SqlFixtures.numbers(dir, 5), SheetFormat.CSV,
                dir.resolve("out"));

        Map<String, Object> data = operation.execute(new GenerateSqlOperation.Arguments("t",
                mapping("n", "n", "name", "name"), null, null, 2, false, null, null), context).data();

        assertEquals(5L, data.get("total_rows"));
        assertEquals(3L, data.get("total_statements"));
        assertEquals("""
                INSERT INTO "t" ("n", "name") VALUES (1, 'row 1'), (2, 'row 2');
                INSERT INTO "t" ("n", "name") VALUES (3, 'row 3'), (4, 'row 4');
                INSERT INTO "t" ("n", "name") VALUES (5, 'row 5');
                """, statements(context));
    }

    @Test
    void databaseGeneratedIds_addNoIdColumn() throws Exception {
        for (IncrementType type : List.of(IncrementType.POSTGRESQL_SERIAL, IncrementType.MYSQL_AUTO_INCREMENT,
                IncrementType.SQLITE_AUTOINCREMENT, IncrementType.NONE)) {
            TestOperationContext context = TestOperationContext.of(SqlFixtures.numbers(dir, 1), SheetFormat.CSV,
                    dir.resolve(type.jsonName()));

            operation.execute(withAutoIncrement(new AutoIncrement(true, "id", type, 5L, null), null), context);

            assertEquals("INSERT INTO \"t\" (\"name\") VALUES ('row 1');\n", statements(context), type.jsonName());
        }
    }

    @Test
    void manualSequence_isNextvalOnPostgresqlAndACounterElsewhere() throws Exception {
        AutoIncrement sequence = new AutoIncrement(true, "id", IncrementType.MANUAL_SEQUENCE, 100L, null);
        AutoIncrement named = new AutoIncrement(true, "user_id", IncrementType.MANUAL_SEQUENCE, 1L, "users_seq");

        assertEquals("""
                INSERT INTO "t" ("id", "name") VALUES (nextval('seq_id'), 'row 1');
                INSERT INTO "t" ("id", "name") VALUES (nextval('seq_id'), 'row 2');
                """, run(withAutoIncrement(sequence, null), 2));
        assertEquals("""
                INSERT INTO "t" ("user_id", "name") VALUES (nextval('users_seq'), 'row 1');
                """, run(withAutoIncrement(named, null), 1));
        assertEquals("""
                INSERT INTO `t` (`id`, `name`) VALUES (100, 'row 1');
                INSERT INTO `t` (`id`, `name`) VALUES (101, 'row 2');
                """, run(withAutoIncrement(sequence, SqlDialect.MYSQL), 2));
        assertEquals("""
                INSERT INTO "t" ("id", "name") VALUES (100, 'row 1');
                INSERT INTO "t" ("id", "name") VALUES (101, 'row 2');
                """, run(withAutoIncrement(sequence, SqlDialect.SQLITE), 2));
    }

    @Test
    void uuidGenerate_isUuidGenerateV4OnPostgresqlAndUuidElsewhere() throws Exception {
        AutoIncrement uuid = new AutoIncrement(true, "key", IncrementType.UUID_GENERATE, null, null);

        assertEquals("INSERT INTO \"t\" (\"key\", \"name\") VALUES (uuid_generate_v4(), 'row 1');\n",
                run(withAutoIncrement(uuid, null), 1));
        assertEquals("INSERT INTO `t` (`key`, `name`) VALUES (UUID(), 'row 1');\n",
                run(withAutoIncrement(uuid, SqlDialect.MYSQL), 1));
        assertEquals("INSERT INTO \"t\" (\"key\", \"name\") VALUES (UUID(), 'row 1');\n",
                run(withAutoIncrement(uuid, SqlDialect.SQLITE), 1));
    }

    @Test
    void disabledAutoIncrement_addsNothing() throws Exception {
        AutoIncrement off = new AutoIncrement(false, "id", IncrementType.MANUAL_SEQUENCE, 1L, null);

        assertEquals("INSERT INTO \"t\" (\"name\") VALUES ('row 1');\n", run(withAutoIncrement(off, null), 1));
    }

    @Test
    void batchesWithACounter_numberEveryRow() throws Exception {
        AutoIncrement counter = new AutoIncrement(true, "id", IncrementType.MANUAL_SEQUENCE, 1L, null);
        TestOperationContext context = TestOperationContext.of(SqlFixtures.numbers(dir, 3), SheetFormat.CSV,
                dir.resolve("out"));

        operation.execute(new GenerateSqlOperation.Arguments("t", mapping("name", "name"), SqlDialect.SQLITE,
                counter, 2, false, null, null), context);

        assertEquals("""
                INSERT INTO "t" ("id", "name") VALUES (1, 'row 1'), (2, 'row 2');
                INSERT INTO "t" ("id", "name") VALUES (3, 'row 3');
                """, statements(context));
    }

    @Test
    void withoutTransaction_thereIsNoBeginOrCommit() throws Exception {
        TestOperationContext context = TestOperationContext.of(SqlFixtures.numbers(dir, 1), SheetFormat.CSV,
                dir.resolve("out"));

        Map<String, Object> data = operation.execute(new GenerateSqlOperation.Arguments("t", mapping("n", "n"),
                null, null, null, false, null, null), context).data();

        assertEquals(1L, data.get("total_statements"));
        assertEquals("""
                -- Generated SQL statements
                -- Database: postgresql
                -- Table: t
                -- Generated at: <now>
                -- Total rows: 1
                -- Total statements: 1

                INSERT INTO "t" ("n") VALUES (1);
                """, SqlFixtures.read(context.outputs().get(0).path()));
    }

    @Test
    void emptyInput_stillWritesTheTransaction() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "empty.csv", "n\n");
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments("t", mapping("n", "n"), SqlDialect.MYSQL), context)
                .data();

        assertEquals(0L, data.get("total_rows"));
        assertEquals(2L, data.get("total_statements"));
        assertTrue(SqlFixtures.read(context.outputs().get(0).path()).endsWith("\nSTART TRANSACTION;\nCOMMIT;\n"));
    }

    @Test
    void template_rendersTypedPlaceholdersIdsAndBuiltIns() throws Exception {
        String template = "INSERT INTO people VALUES ({auto_id}, {full_name}, {age:int|0}, {active:bool}, "
                + "'{full_name} at {current_date}', {current_timestamp}, {other});";
        AutoIncrement counter = new AutoIncrement(true, "id", IncrementType.MANUAL_SEQUENCE, 7L, null);
        Map<String, String> mapping = mapping("full_name", "name", "age", "age", "active", "active");

        String postgresql = run(SqlFixtures.people(dir), new GenerateSqlOperation.Arguments("people", mapping, null,
                counter, null, false, template, null));
        String sqlite = run(SqlFixtures.people(dir), new GenerateSqlOperation.Arguments("people", mapping,
                SqlDialect.SQLITE, counter, null, false, template, null));

        assertEquals("""
                INSERT INTO people VALUES (nextval('seq_id'), 'John Doe', 30, TRUE, 'John Doe at CURRENT_DATE', \
                NOW(), NULL);
                INSERT INTO people VALUES (nextval('seq_id'), 'O''Brien', 25, FALSE, 'O''Brien at CURRENT_DATE', \
                NOW(), NULL);
                INSERT INTO people VALUES (nextval('seq_id'), 'C:\\temp "x"', 0, NULL, 'C:\\temp "x" at CURRENT_DATE', \
                NOW(), NULL);
                """, postgresql);
        assertEquals("""
                INSERT INTO people VALUES (7, 'John Doe', 30, 1, 'John Doe at date(''now'')', datetime('now'), NULL);
                INSERT INTO people VALUES (8, 'O''Brien', 25, 0, 'O''Brien at date(''now'')', datetime('now'), NULL);
                INSERT INTO people VALUES (9, 'C:\\temp "x"', 0, NULL, 'C:\\temp "x" at date(''now'')', \
                datetime('now'), NULL);
                """, sqlite);
    }

    @Test
    void templateWithDatabaseGeneratedIds_letsTheDatabaseChoose() throws Exception {
        String template = "INSERT INTO t (id, name) VALUES ({id}, {name});";
        AutoIncrement serial = new AutoIncrement(true, "id", IncrementType.POSTGRESQL_SERIAL, null, null);

        assertEquals("INSERT INTO t (id, name) VALUES (DEFAULT, 'row 1');\n", run(SqlFixtures.numbers(dir, 1),
                new GenerateSqlOperation.Arguments("t", mapping("name", "name"), null, serial, null, false,
                        template, null)));
        assertEquals("INSERT INTO t (id, name) VALUES (NULL, 'row 1');\n", run(SqlFixtures.numbers(dir, 1),
                new GenerateSqlOperation.Arguments("t", mapping("name", "name"), SqlDialect.SQLITE, serial, null,
                        false, template, null)));
    }

    @Test
    void missingSourceColumns_failTheStepNamingThem() throws Exception {
        TestOperationContext context = TestOperationContext.of(SqlFixtures.people(dir), SheetFormat.XLSX,
                dir.resolve("out"));

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> operation.execute(
                arguments("t", mapping("a", "name", "b", "nope", "c", "other"), null), context));

        assertEquals("Columns not found in data: nope, other", failure.getMessage());
        assertEquals(List.of(), context.outputs());
    }

    @Test
    void sheetName_choosesTheSheetRead() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.XLSX, dir.resolve("out"));

        operation.execute(new GenerateSqlOperation.Arguments("t", mapping("a", "a", "b", "b"), null, null, null,
                false, null, "Second"), context);
        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> operation.execute(
                new GenerateSqlOperation.Arguments("t", mapping("a", "a"), null, null, null, false, null, "Nope"),
                TestOperationContext.of(file, SheetFormat.XLSX, dir.resolve("out2"))));

        assertEquals("INSERT INTO \"t\" (\"a\", \"b\") VALUES (1, 'x');\n", statements(context));
        assertEquals("Worksheet named 'Nope' not found. Available sheets: Data, Second", failure.getMessage());
    }

    @Test
    void jsonInput_failsNamingWhatItNeeds() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "data.json", "[]");

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> operation.execute(
                arguments("t", mapping("a", "a"), null), TestOperationContext.of(file, SheetFormat.JSON, dir)));

        assertEquals("sql/generate needs an .xlsx, .xls or .csv input, got json", failure.getMessage());
    }

    @Test
    void invalidArguments_areRejectedNamingTheField() {
        assertInvalid("table_name", "table_name is required", arguments(" ", mapping("a", "a"), null));
        assertInvalid("table_name", "table_name is required", arguments(null, mapping("a", "a"), null));
        assertInvalid("table_name", "table_name must not contain control characters (line breaks, tabs, NUL)",
                arguments("t\n--", mapping("a", "a"), null));
        assertInvalid("table_name", "table_name 'a..b' has an empty part: use schema.table",
                arguments("a..b", mapping("a", "a"), null));
        assertInvalid("column_mapping", "column_mapping is required", arguments("t", null, null));
        assertInvalid("column_mapping", "column_mapping is required", arguments("t", Map.of(), null));
        assertInvalid("column_mapping", "column_mapping: the source column for 'a' is missing",
                arguments("t", mapping("a", ""), null));
        assertInvalid("batch_size", "batch_size must be at least 1", new GenerateSqlOperation.Arguments("t",
                mapping("a", "a"), null, null, 0, null, null, null));
        assertInvalid("batch_size", "batch_size must be at most 10000", new GenerateSqlOperation.Arguments("t",
                mapping("a", "a"), null, null, 10_001, null, null, null));
        assertInvalid("batch_size", "batch_size cannot be combined with template: a template makes one statement"
                + " per row", new GenerateSqlOperation.Arguments("t", mapping("a", "a"), null, null, 5, null,
                "INSERT {a};", null));
        assertInvalid("template", "Unknown type hint 'number' in placeholder {a:number}. Known type hints: int,"
                + " float, bool, datetime, string (or str, text)", new GenerateSqlOperation.Arguments("t",
                mapping("a", "a"), null, null, null, null, "INSERT {a:number};", null));
        assertInvalid("auto_increment.column_name", "The auto-increment column 'id' is also a column_mapping key;"
                + " map it or generate it, not both", new GenerateSqlOperation.Arguments("t", mapping("id", "a"),
                null, new AutoIncrement(true, null, IncrementType.UUID_GENERATE, null, null), null, null, null,
                null));
    }

    @Test
    void progress_isReportedWithIncreasingCountsAndCancellationStopsTheStep() throws Exception {
        Path file = SqlFixtures.numbers(dir, 2_500);
        RecordingProgressReporter progress = RecordingProgressReporter.recording();
        RecordingProgressReporter cancelling = RecordingProgressReporter.cancellingAtCall(2);

        operation.execute(arguments("t", mapping("n", "n"), null), TestOperationContext.of(file, SheetFormat.CSV,
                dir.resolve("first"), progress));
        TestOperationContext cancelled = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("second"),
                cancelling);
        assertThrows(RunCancelledException.class, () -> operation.execute(arguments("t", mapping("n", "n"), null),
                cancelled));

        assertEquals(List.of(1_000L, 2_000L, 2_500L), progress.rowsDone());
        assertEquals(List.of(1_000L, 2_000L), cancelling.rowsDone());
        try (Stream<Path> left = Files.list(dir.resolve("second"))) {
            assertEquals(List.of(), left.toList(), "no temporary statements left behind");
        }
    }

    private String run(GenerateSqlOperation.Arguments arguments, int rows) throws Exception {
        return run(SqlFixtures.numbers(dir, rows), arguments);
    }

    private String run(Path input, GenerateSqlOperation.Arguments arguments) throws Exception {
        SheetFormat format = SheetFormat.fromFileName(input.toString()).orElseThrow();
        TestOperationContext context = TestOperationContext.of(input, format,
                Files.createTempDirectory(dir, "out"));
        operation.execute(arguments, context);
        return statements(context);
    }

    /** The statements of the only output, without header and blank line. */
    static String statements(TestOperationContext context) throws Exception {
        String text = SqlFixtures.read(context.outputs().get(0).path());
        return text.substring(text.indexOf("\n\n") + 2);
    }

    private static GenerateSqlOperation.Arguments withAutoIncrement(AutoIncrement autoIncrement, SqlDialect dialect) {
        return new GenerateSqlOperation.Arguments("t", mapping("name", "name"), dialect, autoIncrement, null, false,
                null, null);
    }

    private static GenerateSqlOperation.Arguments arguments(String table, Map<String, String> mapping,
                                                            SqlDialect dialect) {
        return new GenerateSqlOperation.Arguments(table, mapping, dialect, null, null, null, null, null);
    }

    private void assertInvalid(String field, String message, GenerateSqlOperation.Arguments arguments) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }

    static Map<String, String> mapping(String... keysAndValues) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            mapping.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return mapping;
    }
}
