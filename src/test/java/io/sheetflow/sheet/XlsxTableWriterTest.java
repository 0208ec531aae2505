package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XlsxTableWriterTest {

    private static final List<String> HEADER = List.of("name", "qty", "price", "day", "moment", "active", "code",
            "empty");
    private static final Object[] FIRST = {"Zoë 北京", 3L, 25.5, LocalDate.of(2024, 1, 15),
        LocalDateTime.of(2024, 1, 15, 10, 30), true, "021201", null};
    private static final Object[] SECOND = {"a much longer piece of text that is wider than fifty characters for sure",
        -7L, 0.125, LocalDate.of(1999, 12, 31), LocalDateTime.of(2000, 2, 29, 23, 59, 59), false, "<&>\"'", null};

    @TempDir
    Path dir;

    @Test
    void typedRows_becomeRealExcelCellTypes() throws Exception {
        Path file = writeSample(new WriteOptions(null, false, null));

        try (XSSFWorkbook workbook = new XSSFWorkbook(file.toFile())) {
            assertEquals(1, workbook.getNumberOfSheets());
            Sheet sheet = workbook.getSheet("Sheet1");
            Row header = sheet.getRow(0);
            for (int c = 0; c < HEADER.size(); c++) {
                assertEquals(HEADER.get(c), header.getCell(c).getStringCellValue());
            }
            Row row = sheet.getRow(1);
            assertEquals(CellType.STRING, row.getCell(0).getCellType());
            assertEquals("Zoë 北京", row.getCell(0).getStringCellValue());
            assertEquals(CellType.NUMERIC, row.getCell(1).getCellType());
            assertEquals(3.0, row.getCell(1).getNumericCellValue());
            assertEquals(CellType.NUMERIC, row.getCell(2).getCellType());
            assertEquals(25.5, row.getCell(2).getNumericCellValue());
            assertDateCell(row.getCell(3), "yyyy-mm-dd", LocalDateTime.of(2024, 1, 15, 0, 0));
            assertDateCell(row.getCell(4), "yyyy-mm-dd hh:mm:ss", LocalDateTime.of(2024, 1, 15, 10, 30));
            assertEquals(CellType.BOOLEAN, row.getCell(5).getCellType());
            assertTrue(row.getCell(5).getBooleanCellValue());
            assertEquals(CellType.STRING, row.getCell(6).getCellType());
            assertEquals("021201", row.getCell(6).getStringCellValue());
            assertNull(row.getCell(7));
            assertEquals("<&>\"'", sheet.getRow(2).getCell(6).getStringCellValue());
        }
    }

    @Test
    void typedRows_readBackUnchanged() throws Exception {
        Path file = writeSample(WriteOptions.plain());

        try (TableReader reader = TableReaders.open(file, SheetFormat.XLSX, null)) {
            assertEquals(HEADER, reader.header());
            assertArrayEquals(FIRST, reader.nextRow());
            assertArrayEquals(SECOND, reader.nextRow());
            assertNull(reader.nextRow());
        }
    }

    @Test
    void columnWidths_followTheLongestTextCappedAtFifty() throws Exception {
        Path file = writeSample(WriteOptions.plain());

        try (XSSFWorkbook workbook = new XSSFWorkbook(file.toFile())) {
            Sheet sheet = workbook.getSheetAt(0);
            assertEquals(50, sheet.getColumnWidth(0) / 256);
            assertEquals(5, sheet.getColumnWidth(1) / 256, "qty: max(len(qty), len(-7)) + 2");
            assertEquals(7, sheet.getColumnWidth(2) / 256, "price: len(0.125) + 2");
            assertEquals(12, sheet.getColumnWidth(3) / 256, "day: len(2024-01-15) + 2");
            assertEquals(21, sheet.getColumnWidth(4) / 256, "moment: len(2024-01-15 10:30:00) + 2");
        }
    }

    @Test
    void infoSheet_describesSourceRowsAndColumns() throws Exception {
        Path file = writeSample(new WriteOptions("People", true, "sales.csv"));

        try (XSSFWorkbook workbook = new XSSFWorkbook(file.toFile())) {
            assertEquals("People", workbook.getSheetName(0));
            Sheet info = workbook.getSheet("Info");
            assertEquals(List.of("Property", "Value"), texts(info.getRow(0)));
            assertEquals(List.of("File", "sales.csv"), texts(info.getRow(1)));
            assertEquals("Created", info.getRow(2).getCell(0).getStringCellValue());
            LocalDateTime.parse(info.getRow(2).getCell(1).getStringCellValue(),
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            assertEquals("Rows", info.getRow(3).getCell(0).getStringCellValue());
            assertEquals(2.0, info.getRow(3).getCell(1).getNumericCellValue());
            assertEquals("Columns", info.getRow(4).getCell(0).getStringCellValue());
            assertEquals(8.0, info.getRow(4).getCell(1).getNumericCellValue());
            assertEquals(List.of("Column Names", String.join(", ", HEADER)), texts(info.getRow(5)));
        }
    }

    @Test
    void datesBeforeExcelsEpoch_areWrittenAsIsoText() throws Exception {
        Path file = dir.resolve("old.xlsx");
        try (TableWriter writer = TableWriters.create(file, SheetFormat.XLSX, WriteOptions.plain())) {
            writer.header(List.of("day", "moment"));
            writer.row(new Object[] {LocalDate.of(1815, 6, 18), LocalDateTime.of(1899, 12, 31, 12, 0)});
        }

        assertArrayEquals(new Object[] {"1815-06-18", "1899-12-31 12:00:00"},
                TestFiles.readAll(file, SheetFormat.XLSX, null).get(0));
    }

    @Test
    void moreRowsThanTheLimit_failNamingTheLimit() throws Exception {
        assertEquals(1_048_575, XlsxTableWriter.MAX_DATA_ROWS);
        try (XlsxTableWriter writer = new XlsxTableWriter(dir.resolve("limit.xlsx"), WriteOptions.plain(), 2)) {
            writer.header(List.of("n"));
            writer.row(new Object[] {1L});
            writer.row(new Object[] {2L});

            OperationFailedException failure = assertThrows(OperationFailedException.class,
                    () -> writer.row(new Object[] {3L}));

            assertEquals("The result has more than 2 data rows, the maximum an .xlsx sheet can hold",
                    failure.getMessage());
            assertEquals(2, writer.rowsWritten());
        }
    }

    @Test
    void textLongerThanACellHolds_fails() throws Exception {
        try (TableWriter writer = TableWriters.create(dir.resolve("long.xlsx"), SheetFormat.XLSX,
                WriteOptions.plain())) {
            writer.header(List.of("text"));

            OperationFailedException failure = assertThrows(OperationFailedException.class,
                    () -> writer.row(new Object[] {"x".repeat(32_768)}));

            assertEquals("A text value in row 1, column 1 has 32,768 characters; an .xlsx cell holds at most 32,767",
                    failure.getMessage());
        }
    }

    private Path writeSample(WriteOptions options) throws Exception {
        Path file = dir.resolve("sample.xlsx");
        try (TableWriter writer = TableWriters.create(file, SheetFormat.XLSX, options)) {
            writer.header(HEADER);
            writer.row(FIRST);
            writer.row(SECOND);
            assertEquals(2, writer.rowsWritten());
        }
        return file;
    }

    private static void assertDateCell(Cell cell, String format, LocalDateTime expected) {
        assertEquals(CellType.NUMERIC, cell.getCellType());
        assertTrue(DateUtil.isCellDateFormatted(cell));
        assertEquals(format, cell.getCellStyle().getDataFormatString());
        assertEquals(expected, cell.getLocalDateTimeCellValue());
    }

    private static List<String> texts(Row row) {
        return List.of(row.getCell(0).getStringCellValue(), row.getCell(1).getStringCellValue());
    }
}
