package io.sheetflow.operation.excel;

import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExcelInfoOperationTest {

    private final ExcelInfoOperation operation = new ExcelInfoOperation();

    @TempDir
    Path dir;

    @Test
    void workbook_reportsSheetsRowsColumnsAndTypes() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        StepResult result = operation.execute(new ExcelInfoOperation.Arguments(null),
                TestOperationContext.of(file, SheetFormat.XLSX, dir.resolve("out")));

        Map<String, Object> data = result.data();
        assertEquals(List.of("file_name", "sheet_name", "sheets", "rows", "columns", "column_names", "data_types"),
                List.copyOf(data.keySet()));
        assertEquals("typed.xlsx", data.get("file_name"));
        assertEquals("Data", data.get("sheet_name"));
        assertEquals(List.of("Data", "Second"), data.get("sheets"));
        assertEquals(4L, data.get("rows"));
        assertEquals(12, data.get("columns"));
        assertEquals(TestFiles.TYPED_HEADER, data.get("column_names"));
        Map<String, String> types = new LinkedHashMap<>();
        types.put("name", "text");
        types.put("qty", "integer");
        types.put("price", "number");
        types.put("joined", "date");
        types.put("updated", "datetime");
        types.put("code", "text");
        types.put("active", "boolean");
        types.put("name.1", "text");
        types.put("Unnamed: 8", "text");
        types.put("total", "number");
        types.put("label", "text");
        types.put("broken", "empty");
        assertEquals(types, data.get("data_types"));
        assertFalse(result.toString().contains(dir.toString()), "no server path in the result");
    }

    @Test
    void sheetName_selectsTheSheet() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        Map<String, Object> data = operation.execute(new ExcelInfoOperation.Arguments("Second"),
                TestOperationContext.of(file, SheetFormat.XLSX, dir)).data();

        assertEquals("Second", data.get("sheet_name"));
        assertEquals(1L, data.get("rows"));
        assertEquals(Map.of("a", "integer", "b", "text"), data.get("data_types"));
    }

    @Test
    void unknownSheet_failsListingTheSheets() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(new ExcelInfoOperation.Arguments("Missing"),
                        TestOperationContext.of(file, SheetFormat.XLSX, dir)));

        assertEquals("Worksheet named 'Missing' not found. Available sheets: Data, Second", failure.getMessage());
    }

    @Test
    void legacyXls_isDescribedToo() throws Exception {
        Path file = TestFiles.typedLegacyWorkbook(dir);

        Map<String, Object> data = operation.execute(new ExcelInfoOperation.Arguments(null),
                TestOperationContext.of(file, SheetFormat.XLS, dir)).data();

        assertEquals(4L, data.get("rows"));
        assertEquals(TestFiles.TYPED_HEADER, data.get("column_names"));
    }

    @Test
    void csvInput_failsNamingWhatItNeeds() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "data.csv", "a\n1\n");

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(new ExcelInfoOperation.Arguments(null),
                        TestOperationContext.of(file, SheetFormat.CSV, dir)));

        assertEquals("excel/info needs an Excel input (.xlsx or .xls), got csv", failure.getMessage());
    }

    @Test
    void progress_isReportedEveryThousandRowsWithIncreasingCounts() throws Exception {
        Path file = numbersWorkbook(2_500);
        RecordingProgressReporter progress = RecordingProgressReporter.recording();

        operation.execute(new ExcelInfoOperation.Arguments(null),
                TestOperationContext.of(file, SheetFormat.XLSX, dir, progress));

        assertEquals(List.of(1_000L, 2_000L, 2_500L), progress.rowsDone());
        assertEquals(2_500L, progress.reports().get(0).rowsTotal(), "the dimension gives the total");
        assertEquals(2_500L, progress.reports().get(2).rowsTotal());
    }

    @Test
    void cancelledRun_stopsAtTheNextProgressReport() throws Exception {
        Path file = numbersWorkbook(2_500);
        RecordingProgressReporter progress = RecordingProgressReporter.cancellingAtCall(1);

        assertThrows(RunCancelledException.class, () -> operation.execute(new ExcelInfoOperation.Arguments(null),
                TestOperationContext.of(file, SheetFormat.XLSX, dir, progress)));

        assertEquals(List.of(1_000L), progress.rowsDone());
    }

    private Path numbersWorkbook(int rows) throws Exception {
        return TestFiles.xlsx(dir, "numbers.xlsx", workbook -> {
            var sheet = workbook.createSheet("Numbers");
            TestFiles.row(sheet, 0, "n");
            for (int r = 1; r <= rows; r++) {
                TestFiles.row(sheet, r, r);
            }
        });
    }
}
