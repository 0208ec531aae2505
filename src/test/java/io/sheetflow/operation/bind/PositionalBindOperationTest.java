package io.sheetflow.operation.bind;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sheetflow.operation.bind.BindSingleKeyOperationTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PositionalBindOperationTest {

    private final PositionalBindOperation bind = new PositionalBindOperation();
    private final PositionalBindPreviewOperation preview = new PositionalBindPreviewOperation();

    @TempDir
    Path dir;

    @Test
    void mappedTargetColumns_takeTheSourceValuesRowByRow() throws Exception {
        Path target = TestFiles.xlsx(dir, "target.xlsx", workbook -> {
            var sheet = workbook.createSheet("T");
            TestFiles.row(sheet, 0, "id", "name", "since", "note");
            TestFiles.row(sheet, 1, 1, "old a", null, "keep");
            TestFiles.row(sheet, 2, 2, "old b", LocalDate.of(2020, 1, 1), "keep");
            TestFiles.row(sheet, 3, 3, "old c", null, "keep");
        });
        Path source = TestFiles.writeUtf8(dir, "values.csv", "full_name,joined\nAnn O'Neil,2024-01-15\nBob,\n");
        TestOperationContext context = context(target, source);

        Map<String, Object> data = bind.execute(new PositionalBindOperation.Arguments("values.csv",
                mapping("name", "full_name", "since", "joined"), null, null), context).data();

        assertEquals(Map.of("target_rows", 3L, "rows_bound", 2L, "rows_without_source", 1L,
                "source_has_more_rows", false, "bound_columns", List.of("name", "since")), data);
        assertEquals("target_bound.xlsx", context.outputs().get(0).displayName());
        assertEquals(List.of(List.of("id", "name", "since", "note"),
                List.of(1L, "Ann O'Neil", LocalDate.of(2024, 1, 15), "keep"), Arrays.asList(2L, "Bob", null, "keep"),
                Arrays.asList(3L, null, null, "keep")), table(context.outputs().get(0).path()));
    }

    @Test
    void extraSourceRows_areIgnoredAndReported() throws Exception {
        Path target = TestFiles.writeUtf8(dir, "target.csv", "a\n1\n");
        Path source = TestFiles.writeUtf8(dir, "source.csv", "b\nx\ny\n");
        TestOperationContext context = context(target, source);

        Map<String, Object> data = bind.execute(new PositionalBindOperation.Arguments("source.csv",
                mapping("a", "b"), null, null), context).data();

        assertEquals(true, data.get("source_has_more_rows"));
        assertEquals(List.of(List.of("a"), List.of("x")), table(context.outputs().get(0).path()));
    }

    @Test
    void missingColumns_failNamingThemAll() throws Exception {
        Path target = TestFiles.writeUtf8(dir, "target.csv", "a,b\n1,2\n");
        Path source = TestFiles.writeUtf8(dir, "source.csv", "x\n1\n");

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> bind.execute(
                new PositionalBindOperation.Arguments("source.csv", mapping("a", "x", "c", "y"), null, null),
                context(target, source)));

        assertEquals("Column mapping validation failed: Source column 'y' not found; Target column 'c' not found",
                failure.getMessage());
    }

    @Test
    void preview_reportsColumnsRowsAndIssuesWithoutFailing() throws Exception {
        Path target = TestFiles.writeUtf8(dir, "target.csv", "a,b\n1,2\n3,4\n5,6\n");
        Path source = TestFiles.writeUtf8(dir, "source.csv", "x\n1\n");
        TestOperationContext context = context(target, source);

        Map<String, Object> invalid = preview.execute(new PositionalBindOperation.Arguments("source.csv",
                mapping("a", "x", "c", "y"), null, null), context).data();
        Map<String, Object> valid = preview.execute(new PositionalBindOperation.Arguments("bind-file-id",
                mapping("b", "x"), null, null), context).data();

        assertEquals(Map.of("source_columns", List.of("x"), "target_columns", List.of("a", "b"), "source_rows", 1L,
                "target_rows", 3L, "mapping_valid", false,
                "issues", List.of("Source column 'y' not found", "Target column 'c' not found")), invalid);
        assertEquals(true, valid.get("mapping_valid"));
        assertEquals(List.of(), valid.get("issues"));
        assertEquals(List.of(), context.outputs());
    }

    @Test
    void invalidArguments_areRejectedNamingTheField() {
        InvalidArgumentException noMapping = assertThrows(InvalidArgumentException.class, () -> bind.validate(
                new PositionalBindOperation.Arguments("s.csv", null, null, null)));
        InvalidArgumentException noFile = assertThrows(InvalidArgumentException.class, () -> preview.validate(
                new PositionalBindOperation.Arguments(null, mapping("a", "b"), null, null)));

        assertEquals("column_mapping", noMapping.field());
        assertEquals("column_mapping is required", noMapping.getMessage());
        assertEquals("bind_file", noFile.field());
    }

    @Test
    void progress_isReportedWithIncreasingCountsAndCancellationStopsTheStep() throws Exception {
        StringBuilder rows = new StringBuilder("a\n");
        for (int i = 0; i < 1_200; i++) {
            rows.append(i).append('\n');
        }
        Path target = TestFiles.writeUtf8(dir, "target.csv", rows.toString());
        Path source = TestFiles.writeUtf8(dir, "source.csv", rows.toString());
        RecordingProgressReporter bindProgress = RecordingProgressReporter.recording();
        RecordingProgressReporter previewProgress = RecordingProgressReporter.recording();

        bind.execute(new PositionalBindOperation.Arguments("source.csv", mapping("a", "a"), null, null),
                context(target, source, bindProgress));
        preview.execute(new PositionalBindOperation.Arguments("source.csv", mapping("a", "a"), null, null),
                context(target, source, previewProgress));
        assertThrows(RunCancelledException.class, () -> bind.execute(new PositionalBindOperation.Arguments(
                "source.csv", mapping("a", "a"), null, null), context(target, source,
                RecordingProgressReporter.cancellingAtCall(1))));

        assertEquals(List.of(1_000L, 1_200L), bindProgress.rowsDone());
        assertEquals(List.of(1_000L, 2_000L, 2_400L), previewProgress.rowsDone());
    }

    private TestOperationContext context(Path target, Path source) throws Exception {
        return context(target, source, RecordingProgressReporter.recording());
    }

    private TestOperationContext context(Path target, Path source, RecordingProgressReporter progress)
            throws Exception {
        return BindSingleKeyOperationTest.context(target, source, progress, Files.createTempDirectory(dir, "out"));
    }

    private static Map<String, String> mapping(String... keysAndValues) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            mapping.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return mapping;
    }
}
