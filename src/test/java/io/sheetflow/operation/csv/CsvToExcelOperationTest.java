package io.sheetflow.operation.csv;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TestFiles;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvToExcelOperationTest {

    private final CsvToExcelOperation operation = new CsvToExcelOperation();

    @TempDir
    Path dir;

    @Test
    void tabSeparatedCsv_becomesATypedWorkbook() throws Exception {
        Path file = TestFiles.write(dir, "people.csv", TestFiles.concat(new byte[] {(byte) 0xEF, (byte) 0xBB,
            (byte) 0xBF}, """
                name\tage\tscore\tjoined\tseen\tactive\tzip
                Zoë\t31\t88.5\t2024-01-15\t2024-01-15 10:30:00\ttrue\t02120
                Li\t\t90\t2023-05-01\t2023-05-01T08:00:00\tFALSE\t75001
                """.getBytes(StandardCharsets.UTF_8)));
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        Map<String, Object> data = operation.execute(new CsvToExcelOperation.Arguments("People"), context).data();

        assertEquals(Map.of("rows", 2L, "columns", 7, "sheet_name", "People", "encoding", "UTF-8",
                "delimiter", "\t"), data);
        Path output = context.outputs().get(0).path();
        try (XSSFWorkbook workbook = new XSSFWorkbook(output.toFile())) {
            assertEquals(List.of("People", "Info"), List.of(workbook.getSheetName(0), workbook.getSheetName(1)));
            Row row = workbook.getSheet("People").getRow(1);
            assertEquals(CellType.STRING, row.getCell(0).getCellType());
            assertEquals(CellType.NUMERIC, row.getCell(1).getCellType());
            assertEquals(CellType.NUMERIC, row.getCell(2).getCellType());
            assertTrue(DateUtil.isCellDateFormatted(row.getCell(3)));
            assertTrue(DateUtil.isCellDateFormatted(row.getCell(4)));
            assertEquals(CellType.BOOLEAN, row.getCell(5).getCellType());
            assertEquals(CellType.STRING, row.getCell(6).getCellType());
            assertEquals("people.csv", workbook.getSheet("Info").getRow(1).getCell(1).getStringCellValue());
        }
        try (TableReader reader = TableReaders.open(output, SheetFormat.XLSX, null)) {
            assertEquals(List.of("name", "age", "score", "joined", "seen", "active", "zip"), reader.header());
            assertArrayEquals(new Object[] {"Zoë", 31L, 88.5, LocalDate.of(2024, 1, 15),
                LocalDateTime.of(2024, 1, 15, 10, 30), true, "02120"}, reader.nextRow());
            assertArrayEquals(new Object[] {"Li", null, 90L, LocalDate.of(2023, 5, 1),
                LocalDateTime.of(2023, 5, 1, 8, 0), false, 75001L}, reader.nextRow());
            assertNull(reader.nextRow());
        }
    }

    @Test
    void defaultSheetName_isSheet1() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "a.csv", "x\n1\n");
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        Map<String, Object> data = operation.execute(new CsvToExcelOperation.Arguments(null), context).data();

        assertEquals("Sheet1", data.get("sheet_name"));
        try (TableReader reader = TableReaders.open(context.outputs().get(0).path(), SheetFormat.XLSX, null)) {
            assertEquals("Sheet1", reader.sheetName());
        }
    }

    @Test
    void xlsxInput_failsNamingWhatItNeeds() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(new CsvToExcelOperation.Arguments(null),
                        TestOperationContext.of(file, SheetFormat.XLSX, dir)));

        assertEquals("csv/convert-to-excel needs a CSV input, got xlsx", failure.getMessage());
    }

    @Test
    void sheetNamesExcelRejects_areInvalidArguments() {
        for (String name : List.of("a/b", "x".repeat(32), "Info", "info")) {
            InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                    () -> operation.validate(new CsvToExcelOperation.Arguments(name)), name);

            assertEquals("sheet_name", failure.field());
        }
        assertEquals("Sheet name 'info' is taken by the Info sheet", assertThrows(InvalidArgumentException.class,
                () -> operation.validate(new CsvToExcelOperation.Arguments("info"))).getMessage());
    }

    @Test
    void raggedCsv_failsNamingTheRow() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "ragged.csv", "a,b\n1,2\n3,4,5\n");

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(new CsvToExcelOperation.Arguments(null),
                        TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"))));

        assertEquals("Row 2 has 3 fields but the header has 2 (line 3 of the file)", failure.getMessage());
    }

    @Test
    void progress_isReportedWithIncreasingCounts() throws Exception {
        StringBuilder text = new StringBuilder("n\n");
        for (int i = 0; i < 1_500; i++) {
            text.append(i).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "n.csv", text.toString());
        RecordingProgressReporter progress = RecordingProgressReporter.recording();

        operation.execute(new CsvToExcelOperation.Arguments(null), TestOperationContext.of(file, SheetFormat.CSV,
                dir.resolve("out"), progress));

        assertEquals(List.of(1_000L, 1_500L), progress.rowsDone());
    }
}
