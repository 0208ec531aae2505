package io.sheetflow.operation.bind;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.sheetflow.operation.bind.BindSingleKeyOperationTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BindMultiKeyOperationTest {

    private final BindMultiKeyOperation operation = new BindMultiKeyOperation(BindSettings.defaults());

    @TempDir
    Path dir;

    @Test
    void everyComparisonColumn_mustMatch() throws Exception {
        Path source = TestFiles.xlsx(dir, "sales.xlsx", workbook -> {
            var sheet = workbook.createSheet("Sales");
            TestFiles.row(sheet, 0, "city", "year", "amount");
            TestFiles.row(sheet, 1, "Paris", 2023, 10);
            TestFiles.row(sheet, 2, "Paris", 2024, 20);
            TestFiles.row(sheet, 3, "Lyon", 2024, 30);
            TestFiles.row(sheet, 4, "Lyon", null, 40);
            TestFiles.row(sheet, 5, "Paris", 2023, 50);
        });
        Path bind = TestFiles.writeUtf8(dir, "targets.csv", """
                year,city,target,owner
                2023,Paris,100,Ann
                2024,Lyon,300,Bob
                2024,Lyon,999,Eve
                2024,Nice,400,Dan
                """);
        TestOperationContext context = context(source, bind);

        Map<String, Object> data = operation.execute(new BindMultiKeyOperation.Arguments("targets.csv",
                List.of("city", "year"), List.of("target", "owner"), null, null), context).data();

        assertEquals(Map.of("total_rows", 5L, "bind_rows", 4L, "matched_rows", 3L, "unmatched_rows", 2L,
                "unique_keys_in_bind", 3L, "duplicate_keys_removed", 1L, "match_percentage", 60.0), data);
        assertEquals("sales_bound_multi.xlsx", context.outputs().get(0).displayName());
        assertEquals(List.of(List.of("city", "year", "amount", "target", "owner"),
                List.of("Paris", 2023L, 10L, 100L, "Ann"), Arrays.asList("Paris", 2024L, 20L, null, null),
                List.of("Lyon", 2024L, 30L, 300L, "Bob"), Arrays.asList("Lyon", null, 40L, null, null),
                List.of("Paris", 2023L, 50L, 100L, "Ann")), table(context.outputs().get(0).path()));
    }

    @Test
    void columnProblems_failInTheReferenceOrderWithItsMessages() throws Exception {
        Path source = TestFiles.writeUtf8(dir, "source.csv", "a,b,c,d\n1,2,3,4\n");
        Path bind = TestFiles.writeUtf8(dir, "bind.csv", "a,b,x,y,c\n1,2,3,4,5\n");

        assertFails("Comparison columns not found in source file: ['x', 'z']", source, bind, List.of("a", "x", "z"),
                List.of("y"));
        assertFails("Comparison columns not found in bind file: ['d']", source, bind, List.of("a", "d"),
                List.of("y"));
        assertFails("Bind columns not found in bind file: ['q']", source, bind, List.of("a", "b"),
                List.of("y", "q"));
        assertFails("Bind columns already exist in source file: ['c']. This would overwrite existing data.", source,
                bind, List.of("a", "b"), List.of("c", "y"));
    }

    @Test
    void invalidArguments_areRejectedNamingTheField() {
        assertInvalid("comparison_columns", "At least one comparison column must be specified", List.of(),
                List.of("a"));
        assertInvalid("bind_columns", "At least one bind column must be specified", List.of("k"), List.of());
        assertInvalid("bind_columns", "Comparison columns cannot also be bind columns: ['k2']", List.of("k1", "k2"),
                List.of("a", "k2"));
        assertInvalid("comparison_columns", "Column names in comparison_columns must not be empty",
                Arrays.asList("k", null), List.of("a"));
    }

    private void assertFails(String message, Path source, Path bind, List<String> keys, List<String> columns)
            throws Exception {
        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> operation.execute(
                new BindMultiKeyOperation.Arguments("bind.csv", keys, columns, null, null), context(source, bind)));
        assertEquals(message, failure.getMessage());
    }

    private void assertInvalid(String field, String message, List<String> keys, List<String> columns) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class, () -> operation.validate(
                new BindMultiKeyOperation.Arguments("bind.csv", keys, columns, null, null)));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }

    private TestOperationContext context(Path source, Path bind) throws Exception {
        return BindSingleKeyOperationTest.context(source, bind, RecordingProgressReporter.recording(),
                Files.createTempDirectory(dir, "out"));
    }
}
