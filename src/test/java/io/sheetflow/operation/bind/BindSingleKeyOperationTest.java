package io.sheetflow.operation.bind;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TestFiles;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BindSingleKeyOperationTest {

    private final BindSingleKeyOperation operation = new BindSingleKeyOperation(BindSettings.defaults());

    @TempDir
    Path dir;

    /** Pycelize's verified single-key example (from its documentation). */
    @Test
    void verifiedReferenceExample_keepsEverySourceRowAndTheFirstBindRowPerKey() throws Exception {
        Path source = TestFiles.xlsx(dir, "source.xlsx", workbook -> {
            var sheet = workbook.createSheet("Sheet1");
            TestFiles.row(sheet, 0, "s_1_name", "existing");
            TestFiles.row(sheet, 1, "Alice", "d1");
            TestFiles.row(sheet, 2, "Bob", "d2");
            TestFiles.row(sheet, 3, "Charlie", "d3");
            TestFiles.row(sheet, 4, "Alice", "d4");
        });
        Path bind = TestFiles.xlsx(dir, "bind.xlsx", workbook -> {
            var sheet = workbook.createSheet("Sheet1");
            TestFiles.row(sheet, 0, "s_1_name", "s_1_id");
            TestFiles.row(sheet, 1, "Alice", 101);
            TestFiles.row(sheet, 2, "Bob", 102);
            TestFiles.row(sheet, 3, "David", 103);
            TestFiles.row(sheet, 4, "Alice", 999);
        });
        TestOperationContext context = context(source, bind);

        Map<String, Object> data = operation.execute(arguments("bind.xlsx", "s_1_name", List.of("s_1_id")), context)
                .data();

        assertEquals(Map.of("total_rows", 4L, "bind_rows", 4L, "matched_rows", 3L, "unmatched_rows", 1L,
                "unique_keys_in_bind", 3L, "duplicate_keys_removed", 1L, "match_percentage", 75.0), data);
        Path output = context.outputs().get(0).path();
        assertEquals("source_bound_single.xlsx", context.outputs().get(0).displayName());
        assertEquals(List.of(List.of("s_1_name", "existing", "s_1_id"), List.of("Alice", "d1", 101L),
                List.of("Bob", "d2", 102L), Arrays.asList("Charlie", "d3", null), List.of("Alice", "d4", 101L)),
                table(output));
        try (XSSFWorkbook workbook = new XSSFWorkbook(output.toFile())) {
            assertEquals("source.xlsx", workbook.getSheet("Info").getRow(1).getCell(1).getStringCellValue());
        }
    }

    @Test
    void keys_compareByTypedValue() throws Exception {
        Path source = TestFiles.xlsx(dir, "source.xlsx", workbook -> {
            var sheet = workbook.createSheet("Data");
            TestFiles.row(sheet, 0, "key", "label");
            TestFiles.row(sheet, 1, 101, "integer cell");
            TestFiles.row(sheet, 2, new TestFiles.Text("101"), "text cell");
            TestFiles.row(sheet, 3, 2.5, "decimal");
            TestFiles.row(sheet, 4, LocalDate.of(2024, 1, 15), "date");
            TestFiles.row(sheet, 5, true, "boolean");
            TestFiles.row(sheet, 6, null, "empty key");
            TestFiles.row(sheet, 7, "o'neil \\ ü", "text");
            TestFiles.row(sheet, 8, "O'Neil \\ ü", "other case");
        });
        Path bind = TestFiles.writeUtf8(dir, "bind.csv", """
                key,value
                101.0,decimal 101
                2.5,two and a half
                2024-01-15 00:00:00,midnight
                TRUE,yes
                ,empty
                o'neil \\ ü,quoted
                text 101,never
                """);
        TestOperationContext context = context(source, bind);

        Map<String, Object> data = operation.execute(arguments("bind.csv", "key", List.of("value")), context).data();

        assertEquals(List.of(List.of("key", "label", "value"), List.of(101L, "integer cell", "decimal 101"),
                Arrays.asList("101", "text cell", null), List.of(2.5, "decimal", "two and a half"),
                List.of(LocalDate.of(2024, 1, 15), "date", "midnight"), List.of(true, "boolean", "yes"),
                Arrays.asList(null, "empty key", null), List.of("o'neil \\ ü", "text", "quoted"),
                Arrays.asList("O'Neil \\ ü", "other case", null)), table(context.outputs().get(0).path()));
        assertEquals(5L, data.get("matched_rows"));
        assertEquals(6L, data.get("unique_keys_in_bind"));
        assertEquals(62.5, data.get("match_percentage"));
    }

    @Test
    void bindFile_canBeNamedByFileId() throws Exception {
        Path source = TestFiles.writeUtf8(dir, "source.csv", "id,name\n1,Ann\n2,Bob\n");
        Path bind = TestFiles.writeUtf8(dir, "bind.csv", "id,city,joined\n2,Lyon,2024-02-01T09:00:00\n");
        TestOperationContext context = context(source, bind);

        operation.execute(arguments("bind-file-id", "id", List.of("joined", "city")), context);

        assertEquals(List.of(List.of("id", "name", "joined", "city"), Arrays.asList(1L, "Ann", null, null),
                List.of(2L, "Bob", LocalDateTime.of(2024, 2, 1, 9, 0), "Lyon")),
                table(context.outputs().get(0).path()));
    }

    @Test
    void columnProblems_failInTheReferenceOrderWithItsMessages() throws Exception {
        Path source = TestFiles.writeUtf8(dir, "source.csv", "id,name,city\n1,Ann,Paris\n");
        Path bind = TestFiles.writeUtf8(dir, "bind.csv", "id,key,city,zip\n1,1,Lyon,69000\n");

        assertFails("Comparison column 'key' not found in source file", source, bind, "key", List.of("zip"));
        assertFails("Comparison column 'name' not found in bind file", source, bind, "name", List.of("zip"));
        assertFails("Bind columns not found in bind file: ['phone', 'mail']", source, bind, "id",
                List.of("zip", "phone", "mail"));
        assertFails("Bind columns already exist in source file: ['city']. This would overwrite existing data.",
                source, bind, "id", List.of("zip", "city"));
    }

    @Test
    void bindFilesThatAreNotTables_orNotInTheConversation_fail() throws Exception {
        Path source = TestFiles.writeUtf8(dir, "source.csv", "id\n1\n");
        Path json = TestFiles.writeUtf8(dir, "bind.json", "[]");
        TestOperationContext context = TestOperationContext.of(source, SheetFormat.CSV, dir.resolve("out"))
                .withFile(new InputFile("json-id", "bind.json", SheetFormat.JSON, json, Files.size(json)));

        OperationFailedException notATable = assertThrows(OperationFailedException.class,
                () -> operation.execute(arguments("bind.json", "id", List.of("x")), context));
        OperationFailedException unknown = assertThrows(OperationFailedException.class,
                () -> operation.execute(arguments("other.xlsx", "id", List.of("x")), context));

        assertEquals("excel/bind-single-key needs an .xlsx, .xls or .csv bind file, got json", notATable.getMessage());
        assertEquals("File 'other.xlsx' is not a file of this conversation", unknown.getMessage());
    }

    @Test
    void bindFilesOverTheRowCap_areRefused() throws Exception {
        Path source = TestFiles.writeUtf8(dir, "source.csv", "id\n1\n");
        Path bind = TestFiles.writeUtf8(dir, "bind.csv", "id,v\n1,a\n2,b\n3,c\n4,d\n");
        BindSingleKeyOperation capped = new BindSingleKeyOperation(new BindSettings(3));

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> capped.execute(arguments("bind.csv", "id", List.of("v")), context(source, bind)));
        Map<String, Object> data = new BindSingleKeyOperation(new BindSettings(4))
                .execute(arguments("bind.csv", "id", List.of("v")), context(source, bind)).data();

        assertEquals("The bind file 'bind.csv' has more than 3 rows: binding keeps the bind file in memory and takes"
                + " at most 3 rows. Keep only the rows the bind needs, or split the bind file.", failure.getMessage());
        assertEquals(1L, data.get("matched_rows"));
    }

    @Test
    void sheetNames_chooseTheSheetsOfBothWorkbooks() throws Exception {
        Path source = TestFiles.typedWorkbook(dir);
        Path bind = TestFiles.xlsx(dir, "bind.xlsx", workbook -> {
            TestFiles.row(workbook.createSheet("Ignored"), 0, "nothing");
            var sheet = workbook.createSheet("Lookup");
            TestFiles.row(sheet, 0, "a", "extra");
            TestFiles.row(sheet, 1, 1, "found");
        });
        TestOperationContext context = context(source, bind);

        operation.execute(new BindSingleKeyOperation.Arguments("bind.xlsx", "a", List.of("extra"), "Second",
                "Lookup"), context);

        assertEquals(List.of(List.of("a", "b", "extra"), List.of(1L, "x", "found")),
                table(context.outputs().get(0).path()));
    }

    @Test
    void invalidArguments_areRejectedNamingTheField() throws Exception {
        assertInvalid("bind_file", "bind_file is required: the name or id of another file of this conversation",
                arguments(" ", "id", List.of("a")));
        assertInvalid("comparison_column", "comparison_column parameter is required", arguments("b", "", List.of()));
        assertInvalid("bind_columns", "At least one bind column must be specified", arguments("b", "id", null));
        assertInvalid("bind_columns", "The comparison column 'id' cannot also be a bind column",
                arguments("b", "id", List.of("a", "id")));
        assertInvalid("bind_columns", "Column 'a' is listed more than once in bind_columns",
                arguments("b", "id", List.of("a", "a")));
        ObjectMapper json = new ObjectMapper();
        InvalidArgumentException notAnArray = assertThrows(InvalidArgumentException.class,
                () -> new OperationRegistry(List.of(operation), json).bind(operation, json.readTree(
                        "{\"bind_file\": \"b\", \"comparison_column\": \"id\", \"bind_columns\": \"a\"}")));
        assertEquals("bind_columns", notAnArray.field());
        assertEquals("Argument 'bind_columns' has the wrong type: expected an array", notAnArray.getMessage());
    }

    @Test
    void progress_countsBindRowsThenSourceRowsAndCancellationStopsTheStep() throws Exception {
        StringBuilder rows = new StringBuilder("id,v\n");
        for (int i = 0; i < 1_500; i++) {
            rows.append(i).append(",v").append(i).append('\n');
        }
        Path bind = TestFiles.writeUtf8(dir, "bind.csv", rows.toString());
        Path source = TestFiles.writeUtf8(dir, "source.csv", rows.toString().replace("id,v", "id,w"));
        RecordingProgressReporter progress = RecordingProgressReporter.recording();

        Map<String, Object> data = operation.execute(arguments("bind.csv", "id", List.of("v")),
                context(source, bind, progress)).data();
        assertThrows(RunCancelledException.class, () -> operation.execute(arguments("bind.csv", "id", List.of("v")),
                context(source, bind, RecordingProgressReporter.cancellingAtCall(2))));

        assertEquals(1_500L, data.get("matched_rows"));
        assertEquals(List.of(1_000L, 2_000L, 3_000L, 3_000L), progress.rowsDone());
        for (RecordingProgressReporter.Report report : progress.reports()) {
            assertTrue(report.rowsTotal() == -1 || report.rowsTotal() >= report.rowsDone(),
                    "unknown, or a total covering both files: " + report);
        }
    }

    private void assertFails(String message, Path source, Path bind, String key, List<String> bindColumns)
            throws Exception {
        TestOperationContext context = context(source, bind);
        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(arguments(bind.getFileName().toString(), key, bindColumns), context));
        assertEquals(message, failure.getMessage());
        assertEquals(List.of(), context.outputs());
    }

    private void assertInvalid(String field, String message, BindSingleKeyOperation.Arguments arguments) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }

    private TestOperationContext context(Path source, Path bind) throws Exception {
        return context(source, bind, RecordingProgressReporter.recording());
    }

    static TestOperationContext context(Path source, Path bind, RecordingProgressReporter progress, Path outputs)
            throws Exception {
        SheetFormat bindFormat = SheetFormat.fromFileName(bind.toString()).orElseThrow();
        return TestOperationContext.of(source, SheetFormat.fromFileName(source.toString()).orElseThrow(), outputs,
                progress).withFile(new InputFile("bind-file-id", bind.getFileName().toString(), bindFormat, bind,
                Files.size(bind)));
    }

    private TestOperationContext context(Path source, Path bind, RecordingProgressReporter progress)
            throws Exception {
        return context(source, bind, progress, Files.createTempDirectory(dir, "out"));
    }

    private static BindSingleKeyOperation.Arguments arguments(String bindFile, String key, List<String> columns) {
        return new BindSingleKeyOperation.Arguments(bindFile, key, columns, null, null);
    }

    /** Header and rows of an output workbook's first sheet. */
    static List<List<Object>> table(Path xlsx) throws Exception {
        try (TableReader reader = TableReaders.open(xlsx, SheetFormat.XLSX, null)) {
            List<List<Object>> rows = new java.util.ArrayList<>();
            rows.add(List.copyOf(reader.header()));
            for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                rows.add(Arrays.asList(row));
            }
            assertNull(reader.nextRow());
            return rows;
        }
    }
}
