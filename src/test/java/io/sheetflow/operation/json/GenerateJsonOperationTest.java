package io.sheetflow.operation.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GenerateJsonOperationTest {

    private final GenerateJsonOperation operation = new GenerateJsonOperation();

    @TempDir
    Path dir;

    /** Text with a quote, double quotes, a backslash and unicode; a number, a decimal, booleans, dates, empties. */
    static Path people(Path directory) throws Exception {
        return TestFiles.xlsx(directory, "people.xlsx", workbook -> {
            var sheet = workbook.createSheet("People");
            TestFiles.row(sheet, 0, "name", "age", "active", "joined", "seen", "code");
            TestFiles.row(sheet, 1, "O'Brien \"Bob\" C:\\x", 30, true, LocalDate.of(2024, 1, 15),
                    LocalDateTime.of(2024, 1, 15, 10, 30), new TestFiles.Text("007"));
            TestFiles.row(sheet, 2, "Zoë 北京", 25.5, false);
        });
    }

    @Test
    void withoutMapping_everyColumnIsWrittenTypedAndPrettyPrinted() throws Exception {
        TestOperationContext context = TestOperationContext.of(people(dir), SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments(null, null, null, null, null), context).data();

        Path output = context.outputs().get(0).path();
        assertEquals("people_generated.json", context.outputs().get(0).displayName());
        assertEquals("""
                [
                  {
                    "name": "O'Brien \\"Bob\\" C:\\\\x",
                    "age": 30,
                    "active": true,
                    "joined": "2024-01-15",
                    "seen": "2024-01-15T10:30:00",
                    "code": "007"
                  },
                  {
                    "name": "Zoë 北京",
                    "age": 25.5,
                    "active": false,
                    "joined": null,
                    "seen": null,
                    "code": null
                  }
                ]""", Files.readString(output));
        assertEquals(Map.of("total_records", 2L, "file_size", Files.size(output)), data);
    }

    @Test
    void mapping_choosesOrdersAndRenamesKeys() throws Exception {
        TestOperationContext context = TestOperationContext.of(people(dir), SheetFormat.XLSX, dir.resolve("out"));

        operation.execute(arguments(null, mapping("code", "Code", "name", "fullName"), false, null, null), context);

        assertEquals("[{\"Code\":\"007\",\"fullName\":\"O'Brien \\\"Bob\\\" C:\\\\x\"},"
                + "{\"Code\":null,\"fullName\":\"Zoë 北京\"}]", Files.readString(context.outputs().get(0).path()));
    }

    @Test
    void nullHandling_includesExcludesOrDefaultsEmptyCells() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "n.csv", "a,b\n1,\n,x\n");

        assertEquals("[{\"a\":1,\"b\":null},{\"a\":null,\"b\":\"x\"}]", run(file, NullHandling.INCLUDE));
        assertEquals("[{\"a\":1},{\"b\":\"x\"}]", run(file, NullHandling.EXCLUDE));
        assertEquals("[{\"a\":1,\"b\":\"\"},{\"a\":\"\",\"b\":\"x\"}]", run(file, NullHandling.DEFAULT));
    }

    @Test
    void selectedColumns_withoutMapping_areTheKeys() throws Exception {
        TestOperationContext context = TestOperationContext.of(people(dir), SheetFormat.XLSX, dir.resolve("out"));

        operation.execute(arguments(List.of("joined", "age"), Map.of(), false, null, null), context);

        assertEquals("[{\"joined\":\"2024-01-15\",\"age\":30},{\"joined\":null,\"age\":25.5}]",
                Files.readString(context.outputs().get(0).path()));
    }

    @Test
    void withoutArrayWrapper_aSingleRowIsABareObject() throws Exception {
        Path one = TestFiles.writeUtf8(dir, "one.csv", "a\n1\n");
        Path two = TestFiles.writeUtf8(dir, "two.csv", "a\n1\n2\n");
        Path none = TestFiles.writeUtf8(dir, "none.csv", "a\n");

        assertEquals("{\"a\":1}", runUnwrapped(one, 1L));
        assertEquals("[{\"a\":1},{\"a\":2}]", runUnwrapped(two, 2L));
        assertEquals("{}", runUnwrapped(none, 0L));
    }

    @Test
    void emptyData_isAnEmptyArray() throws Exception {
        Path none = TestFiles.writeUtf8(dir, "none.csv", "a\n");
        TestOperationContext context = TestOperationContext.of(none, SheetFormat.CSV, dir.resolve("out"));

        operation.execute(arguments(null, null, true, null, null), context);

        assertEquals("[]", Files.readString(context.outputs().get(0).path()));
    }

    @Test
    void missingColumns_failNamingThem() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "n.csv", "a,b\n1,2\n");

        OperationFailedException selection = assertThrows(OperationFailedException.class, () -> operation.execute(
                arguments(List.of("a", "x", "y"), null, null, null, null),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("o1"))));
        OperationFailedException mapped = assertThrows(OperationFailedException.class, () -> operation.execute(
                arguments(List.of("a"), mapping("a", "A", "b", "B"), null, null, null),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("o2"))));

        assertEquals("Columns not found: x, y", selection.getMessage());
        assertEquals("Columns not found in data: b", mapped.getMessage());
    }

    @Test
    void invalidArguments_areRejectedNamingTheField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        OperationRegistry registry = new OperationRegistry(List.of(operation), json);

        InvalidArgumentException nullHandling = assertThrows(InvalidArgumentException.class,
                () -> registry.bind(operation, json.readTree("{\"null_handling\": \"skip\"}")));
        InvalidArgumentException duplicateKey = assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments(null, mapping("a", "k", "b", "k"), null, null, null)));
        InvalidArgumentException repeatedColumn = assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments(List.of("a", "a"), null, null, null, null)));

        assertEquals("null_handling", nullHandling.field());
        assertEquals("Invalid null_handling: 'skip'. Must be one of: include, exclude, default",
                nullHandling.getMessage());
        assertEquals("column_mapping maps both 'a' and 'b' to the JSON key 'k'", duplicateKey.getMessage());
        assertEquals("Column 'a' is listed more than once", repeatedColumn.getMessage());
        assertEquals(NullHandling.EXCLUDE, registry.bind(operation,
                json.readTree("{\"null_handling\": \"EXCLUDE\", \"array_wrapper\": false}")).nullHandling());
    }

    @Test
    void progress_isReportedWithIncreasingCountsAndCancellationStopsTheStep() throws Exception {
        StringBuilder text = new StringBuilder("n\n");
        for (int i = 0; i < 2_300; i++) {
            text.append(i).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "many.csv", text.toString());
        RecordingProgressReporter progress = RecordingProgressReporter.recording();

        Map<String, Object> data = operation.execute(arguments(null, null, false, null, null),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("a"), progress)).data();
        assertThrows(RunCancelledException.class, () -> operation.execute(arguments(null, null, false, null, null),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("b"),
                        RecordingProgressReporter.cancellingAtCall(2))));

        assertEquals(2_300L, data.get("total_records"));
        assertEquals(List.of(1_000L, 2_000L, 2_300L), progress.rowsDone());
    }

    private String run(Path file, NullHandling nullHandling) throws Exception {
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV,
                Files.createTempDirectory(dir, "out"));
        operation.execute(arguments(null, null, false, nullHandling, null), context);
        return Files.readString(context.outputs().get(0).path());
    }

    private String runUnwrapped(Path file, long records) throws Exception {
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV,
                Files.createTempDirectory(dir, "out"));
        Map<String, Object> data = operation.execute(arguments(null, null, false, null, false), context).data();
        assertEquals(records, data.get("total_records"));
        return Files.readString(context.outputs().get(0).path());
    }

    private static GenerateJsonOperation.Arguments arguments(List<String> columns, Map<String, String> mapping,
                                                             Boolean pretty, NullHandling nullHandling,
                                                             Boolean arrayWrapper) {
        return new GenerateJsonOperation.Arguments(columns, mapping, pretty, nullHandling, arrayWrapper, null);
    }

    static Map<String, String> mapping(String... keysAndValues) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            mapping.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return mapping;
    }
}
