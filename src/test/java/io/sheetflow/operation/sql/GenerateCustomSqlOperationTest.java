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
import java.util.List;
import java.util.Map;

import static io.sheetflow.operation.sql.GenerateSqlOperationTest.mapping;
import static io.sheetflow.operation.sql.GenerateSqlOperationTest.statements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GenerateCustomSqlOperationTest {

    private final GenerateCustomSqlOperation operation = new GenerateCustomSqlOperation();

    @TempDir
    Path dir;

    /**
     * Pycelize's verified example (from its documentation). It reproduces byte for byte except one value: the last
     * row's empty {@code Active} cell is null for us, so {@code {active:bool}} is {@code NULL} where the
     * reference, which read every cell as text, converted {@code ""} to {@code FALSE}.
     */
    @Test
    void verifiedReferenceExample_reproduces() throws Exception {
        Path file = TestFiles.xlsx(dir, "users.xlsx", workbook -> {
            var sheet = workbook.createSheet("Sheet1");
            TestFiles.row(sheet, 0, "Name", "Email", "Age", "Active");
            TestFiles.row(sheet, 1, "John Doe", "john@x.com", 30, true);
            TestFiles.row(sheet, 2, "O'Brien", null, 25.5, false);
            TestFiles.row(sheet, 3, "Bob \"B\"", "");
        });
        String template = "INSERT INTO users (id, name, email, age, active, note, created) VALUES ({id}, {name},"
                + " {email|none@x}, {age:int}, {active:bool}, 'prefix_{name}_x', {current_timestamp});"
                + " -- {auto_id} {unknown} name LIKE {%name%}";
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = operation.execute(new GenerateCustomSqlOperation.Arguments(template,
                mapping("name", "Name", "email", "Email", "age", "Age", "active", "Active"), null, null,
                new AutoIncrement(true, "id", null, 10L, null), null, null), context).data();

        assertEquals(Map.of("database_type", "postgresql", "total_rows", 3L, "duplicates_removed", 0L,
                "total_statements", 3L), data);
        assertEquals("users_sql_custom.sql", context.outputs().get(0).displayName());
        String insert = "INSERT INTO users (id, name, email, age, active, note, created) VALUES ";
        assertEquals("""
                -- Generated SQL statements
                -- Database: postgresql
                -- Generated at: <now>
                -- Total rows: 3
                -- Total statements: 3

                %1$s(10, 'John Doe', 'john@x.com', 30, TRUE, 'prefix_John Doe_x', CURRENT_TIMESTAMP); \
                -- 10 NULL name LIKE '%%John Doe%%'
                %1$s(11, 'O''Brien', 'none@x', 25, FALSE, 'prefix_O''Brien_x', CURRENT_TIMESTAMP); \
                -- 11 NULL name LIKE '%%O''Brien%%'
                %1$s(12, 'Bob "B"', 'none@x', NULL, NULL, 'prefix_Bob "B"_x', CURRENT_TIMESTAMP); \
                -- 12 NULL name LIKE '%%Bob "B"%%'
                """.formatted(insert), SqlFixtures.read(context.outputs().get(0).path()));
    }

    @Test
    void namesWithLeadingOrTrailingUnderscores_areFilledWhenMapped() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "u.csv", "id,name\n5,Ann\n");

        assertEquals("5 | 'Ann' | '%5%' | '_5' | 5 | ['5'] | NULL\n", render(file,
                "{_id} | {name_} | {%_id%} | {__id} | {_id:int} | ['{_id}'] | {name}",
                mapping("_id", "id", "name_", "name")));
    }

    @Test
    void underscoresAroundAKnownName_areWildcards() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "u.csv", "id,name\n5,Ann\n");

        assertEquals("'_Ann_' | 'Ann_' | '%Ann' | NULL | '%Ann%'\n", render(file,
                "{_name_} | {name_} | {%name} | {_id} | {%name:string%}", mapping("name", "name")));
    }

    @Test
    void equallyLongKnownNames_preferTheOneKeepingLeadingCharacters() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "u.csv", "a,b\nA,B\n");

        assertEquals("'A_' 'B' 'A'\n", render(file, "{_x_} {x_} {_x}", mapping("_x", "a", "x_", "b")));
    }

    @Test
    void typeHints_convertTypedCells() throws Exception {
        String template = "{age:float} {score:float} {joined:datetime} {seen:datetime} {age:string} {joined}"
                + " {seen} {code} {code:int} {active} {age:bool} {name:int} {score:int}";

        assertEquals("""
                30.0 88.5 '2024-01-15 00:00:00' '2024-01-15 10:30:00' '30' '2024-01-15'::date \
                '2024-01-15 10:30:00'::timestamp '007' 7 TRUE TRUE 'John Doe' 88
                25.5 NULL NULL NULL '25.5' NULL NULL NULL NULL FALSE TRUE 'O''Brien' NULL
                NULL -1.25 '2023-12-31 00:00:00' NULL NULL '2023-12-31'::date NULL '北京' '北京' NULL NULL \
                'C:\\temp "x"' -1
                """, render(SqlFixtures.people(dir), template, peopleMapping(), SqlDialect.POSTGRESQL));
    }

    @Test
    void defaults_replaceNullsAndAreConvertedByTheHint() throws Exception {
        assertEquals("""
                30 'John Doe' 'true'
                25 'O''Brien' 'false'
                -1 'C:\\temp "x"' 'none'
                """, render(SqlFixtures.people(dir), "{age:int|-1} {name|n/a} {active:string|none}", peopleMapping(),
                SqlDialect.POSTGRESQL));
    }

    @Test
    void escaping_followsTheDatabaseType() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "e.csv", "v,flag\nC:\\temp O'Brien,true\n");
        String template = "{v} '{v}' {flag} {flag:bool} {%v%}";

        assertEquals("'C:\\temp O''Brien' 'C:\\temp O''Brien' TRUE TRUE '%C:\\temp O''Brien%'\n",
                render(file, template, mapping("v", "v", "flag", "flag"), SqlDialect.POSTGRESQL));
        assertEquals("'C:\\\\temp O''Brien' 'C:\\\\temp O''Brien' 1 1 '%C:\\\\temp O''Brien%'\n",
                render(file, template, mapping("v", "v", "flag", "flag"), SqlDialect.MYSQL));
        assertEquals("'C:\\temp O''Brien' 'C:\\temp O''Brien' 1 1 '%C:\\temp O''Brien%'\n",
                render(file, template, mapping("v", "v", "flag", "flag"), SqlDialect.SQLITE));
    }

    @Test
    void stringContext_countsQuotesOfTheTemplateOnly() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "s.csv", "v,n\nit's,\n");

        assertEquals("'it''s' 'a''it''s' 'it''s' '' x 'b' NULL\n", render(file,
                "{v} 'a''{v}' {v} '{n}' x 'b' {n}", mapping("v", "v", "n", "n")));
    }

    @Test
    void autoIdWithoutAutoIncrement_isNull() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "a.csv", "id\n7\n");

        assertEquals("NULL 7\n", render(file, "{auto_id} {id}", mapping("id", "id")));
    }

    @Test
    void autoIncrementColumn_winsOverAMappedPlaceholderOfTheSameName() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "a.csv", "id\n7\n8\n");
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        operation.execute(new GenerateCustomSqlOperation.Arguments("{id} {auto_id} {key}", mapping("id", "id"),
                null, null, new AutoIncrement(true, "key", null, null, null), null, null), context);
        TestOperationContext second = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out2"));
        operation.execute(new GenerateCustomSqlOperation.Arguments("{id}", mapping("id", "id"), null, null,
                new AutoIncrement(true, null, null, 100L, null), null, null), second);

        assertEquals("7 1 1\n8 2 2\n", statements(context));
        assertEquals("100\n101\n", statements(second));
    }

    @Test
    void columnsAndRemoveDuplicates_selectTheDataFirst() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "d.csv", "a,b\n1,x\n1,y\n2,x\n1,z\n");
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        Map<String, Object> data = operation.execute(new GenerateCustomSqlOperation.Arguments("VALUES ({n}, {auto_id});",
                mapping("n", "a"), List.of("a"), true, new AutoIncrement(true, null, null, null, null), null, null),
                context).data();

        assertEquals(Map.of("database_type", "postgresql", "total_rows", 2L, "duplicates_removed", 2L,
                "total_statements", 2L), data);
        assertEquals("VALUES (1, 1);\nVALUES (2, 2);\n", statements(context));
    }

    @Test
    void mappingOutsideTheSelectedColumns_failsNamingThem() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "d.csv", "a,b\n1,x\n");

        OperationFailedException notSelected = assertThrows(OperationFailedException.class, () -> operation.execute(
                new GenerateCustomSqlOperation.Arguments("{x}", mapping("x", "b"), List.of("a"), null, null, null,
                        null), TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("o1"))));
        OperationFailedException unknownSelection = assertThrows(OperationFailedException.class,
                () -> operation.execute(new GenerateCustomSqlOperation.Arguments("{x}", mapping("x", "a"),
                        List.of("a", "nope"), null, null, null, null),
                        TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("o2"))));
        OperationFailedException missing = assertThrows(OperationFailedException.class, () -> operation.execute(
                new GenerateCustomSqlOperation.Arguments("{x}", mapping("x", "nope"), null, null, null, null, null),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("o3"))));

        assertEquals("Columns not found in data: b", notSelected.getMessage());
        assertEquals("Columns not found: nope", unknownSelection.getMessage());
        assertEquals("Columns not found in data: nope", missing.getMessage());
    }

    @Test
    void outerQuotes_areRemovedOnce() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "a.csv", "a\n1\n");

        assertEquals("INSERT INTO t VALUES (1);\n", render(file, "\"INSERT INTO t VALUES ({a});\"",
                mapping("a", "a")));
        assertEquals("SELECT 1;\n", render(file, "'SELECT {a};'", mapping("a", "a")));
    }

    @Test
    void invalidArguments_areRejectedNamingTheField() {
        assertInvalid("template", "template is required", null);
        assertInvalid("template", "template is required", "  ");
        assertInvalid("template", "template is required", "''");
        assertInvalid("template", "Unknown type hint 'integer' in placeholder {a:integer}. Known type hints: int,"
                + " float, bool, datetime, string (or str, text)", "SELECT {a:integer}");
        InvalidArgumentException mapping = assertThrows(InvalidArgumentException.class, () -> operation.validate(
                new GenerateCustomSqlOperation.Arguments("{a}", null, null, null, null, null, null)));
        assertEquals("column_mapping", mapping.field());
        assertEquals("column_mapping is required", mapping.getMessage());
    }

    @Test
    void progress_isReportedWithIncreasingCountsAndCancellationStopsTheStep() throws Exception {
        Path file = SqlFixtures.numbers(dir, 1_200);
        RecordingProgressReporter progress = RecordingProgressReporter.recording();
        GenerateCustomSqlOperation.Arguments arguments = new GenerateCustomSqlOperation.Arguments("{n};",
                mapping("n", "n"), null, null, null, null, null);

        operation.execute(arguments, TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("a"), progress));
        assertThrows(RunCancelledException.class, () -> operation.execute(arguments, TestOperationContext.of(file,
                SheetFormat.CSV, dir.resolve("b"), RecordingProgressReporter.cancellingAtCall(1))));

        assertEquals(List.of(1_000L, 1_200L), progress.rowsDone());
        try (var left = Files.list(dir.resolve("b"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    private static Map<String, String> peopleMapping() {
        return mapping("name", "name", "age", "age", "score", "score", "active", "active", "joined", "joined",
                "seen", "seen", "code", "code");
    }

    private String render(Path file, String template, Map<String, String> mapping) throws Exception {
        return render(file, template, mapping, null);
    }

    private String render(Path file, String template, Map<String, String> mapping, SqlDialect dialect)
            throws Exception {
        SheetFormat format = SheetFormat.fromFileName(file.toString()).orElseThrow();
        TestOperationContext context = TestOperationContext.of(file, format, Files.createTempDirectory(dir, "out"));
        operation.execute(new GenerateCustomSqlOperation.Arguments(template, mapping, null, null, null, dialect,
                null), context);
        return statements(context);
    }

    private void assertInvalid(String field, String message, String template) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class, () -> operation.validate(
                new GenerateCustomSqlOperation.Arguments(template, mapping("a", "a"), null, null, null, null, null)));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }
}
