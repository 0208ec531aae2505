package io.sheetflow.operation.excel;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TestFiles;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractColumnsToFileOperationTest {

    private final ExtractColumnsToFileOperation operation = new ExtractColumnsToFileOperation();

    @TempDir
    Path dir;

    @Test
    void requestedColumns_areWrittenInRequestedOrderWithTheirTypes() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments(List.of("price", "name", "joined", "code"), null),
                context).data();

        assertEquals(Map.of("total_rows", 4L, "output_rows", 4L, "duplicates_removed", 0L,
                "columns", List.of("price", "name", "joined", "code")), data);
        OutputFile output = context.outputs().get(0);
        assertEquals("typed_extracted.xlsx", output.displayName());
        try (TableReader reader = TableReaders.open(output.path(), SheetFormat.XLSX, null)) {
            assertEquals(List.of("price", "name", "joined", "code"), reader.header());
            assertArrayEquals(new Object[] {25.5, "Zoë", LocalDate.of(2024, 1, 15), "021201"}, reader.nextRow());
            assertArrayEquals(new Object[] {30L, "北京 😀", LocalDate.of(2023, 12, 31), "007"}, reader.nextRow());
            assertArrayEquals(new Object[4], reader.nextRow());
            assertArrayEquals(new Object[] {-1.25, "Hello World", null, null}, reader.nextRow());
            assertNull(reader.nextRow());
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(output.path().toFile())) {
            Row first = workbook.getSheet("Sheet1").getRow(1);
            assertEquals(CellType.NUMERIC, first.getCell(0).getCellType());
            assertTrue(DateUtil.isCellDateFormatted(first.getCell(2)));
            assertEquals(CellType.STRING, first.getCell(3).getCellType());
            Sheet info = workbook.getSheet("Info");
            assertEquals("typed.xlsx", info.getRow(1).getCell(1).getStringCellValue());
            assertEquals(4.0, info.getRow(3).getCell(1).getNumericCellValue());
            assertEquals(4.0, info.getRow(4).getCell(1).getNumericCellValue());
            assertEquals("price, name, joined, code", info.getRow(5).getCell(1).getStringCellValue());
        }
    }

    @Test
    void removeDuplicates_keepsTheFirstOfRepeatedExtractedRows() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "orders.csv", """
                id,customer,city,amount
                1,Ann,Paris,10
                2,Bob,Lyon,10
                3,Ann,Paris,20
                4,ann,Paris,30
                5,Bob,Lyon,40
                6,,Paris,50
                7,,Paris,60
                """);
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments(List.of("customer", "city"), true), context).data();

        assertEquals(7L, data.get("total_rows"));
        assertEquals(4L, data.get("output_rows"));
        assertEquals(3L, data.get("duplicates_removed"));
        assertEquals("orders_extracted.xlsx", context.outputs().get(0).displayName());
        List<Object[]> rows = TestFiles.readAll(context.outputs().get(0).path(), SheetFormat.XLSX, null);
        assertEquals(List.of(List.of("Ann", "Paris"), List.of("Bob", "Lyon"), List.of("ann", "Paris"),
                Arrays.asList(null, "Paris")), rows.stream().map(Arrays::asList).toList());
    }

    @Test
    void missingColumns_failNamingThemAll() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(arguments(List.of("name", "nope", "other"), null),
                        TestOperationContext.of(file, SheetFormat.XLSX, dir)));

        assertEquals("Columns not found in data: nope, other", failure.getMessage());
    }

    @Test
    void noColumns_isAnInvalidArgument() {
        for (List<String> columns : Arrays.asList(null, List.<String>of())) {
            InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                    () -> operation.validate(arguments(columns, null)));

            assertEquals("columns", failure.field());
            assertEquals("No columns specified for extraction", failure.getMessage());
        }
    }

    @Test
    void blankOrRepeatedColumnNames_areInvalidArguments() {
        InvalidArgumentException blank = assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments(Arrays.asList("a", null), null)));
        InvalidArgumentException repeated = assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments(List.of("a", "b", "a"), null)));

        assertEquals("columns", blank.field());
        assertEquals("Column names must not be empty", blank.getMessage());
        assertEquals("Column 'a' is listed more than once", repeated.getMessage());
    }

    @Test
    void jsonInput_failsNamingWhatItNeeds() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "data.json", "[]");

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(arguments(List.of("a"), null),
                        TestOperationContext.of(file, SheetFormat.JSON, dir)));

        assertEquals("excel/extract-columns-to-file needs an .xlsx, .xls or .csv input, got json",
                failure.getMessage());
    }

    @Test
    void progressAndCancellation_areCheckedEveryThousandRows() throws Exception {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 2_100; i++) {
            text.append(i).append(',').append(i % 10).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "many.csv", text.toString());
        RecordingProgressReporter progress = RecordingProgressReporter.recording();

        operation.execute(arguments(List.of("b"), true), TestOperationContext.of(file, SheetFormat.CSV,
                dir.resolve("first"), progress));
        RecordingProgressReporter cancelling = RecordingProgressReporter.cancellingAtCall(2);
        assertThrows(RunCancelledException.class, () -> operation.execute(arguments(List.of("b"), true),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("second"), cancelling)));

        assertEquals(List.of(1_000L, 2_000L, 2_100L), progress.rowsDone());
        assertEquals(List.of(1_000L, 2_000L), cancelling.rowsDone());
    }

    private static ExtractColumnsToFileOperation.Arguments arguments(List<String> columns, Boolean removeDuplicates) {
        return new ExtractColumnsToFileOperation.Arguments(columns, removeDuplicates, null);
    }
}
