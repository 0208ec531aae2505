package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

import static io.sheetflow.sheet.TestFiles.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class XlsxTableReaderTest {

    @TempDir
    Path dir;

    @Test
    void typedWorkbook_readsEveryCellWithItsType() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        try (TableReader reader = TableReaders.open(file, SheetFormat.XLSX, ReadOptions.firstSheet())) {
            assertEquals(TestFiles.TYPED_HEADER, reader.header());
            List<Object[]> rows = TestFiles.readAll(reader);
            List<Object[]> expected = TestFiles.typedRows();
            assertEquals(expected.size(), rows.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), rows.get(i), "row " + (i + 1));
                for (int c = 0; c < expected.get(i).length; c++) {
                    Object value = expected.get(i)[c];
                    if (value != null) {
                        assertEquals(value.getClass(), rows.get(i)[c].getClass(), "type of row " + (i + 1) + " col " + c);
                    }
                }
            }
            assertEquals(4, reader.rowsRead());
            assertEquals("Data", reader.sheetName());
            assertEquals(List.of("Data", "Second"), reader.sheetNames());
        }
    }

    @Test
    void secondSheet_isChosenByNameOrIndex() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        for (ReadOptions options : List.of(ReadOptions.sheet("Second"), ReadOptions.sheet("second"),
                new ReadOptions(null, 1))) {
            try (TableReader reader = TableReaders.open(file, SheetFormat.XLSX, options)) {
                assertEquals("Second", reader.sheetName());
                assertEquals(List.of("a", "b"), reader.header());
                assertArrayEquals(new Object[] {1L, "x"}, reader.nextRow());
                assertNull(reader.nextRow());
            }
        }
    }

    @Test
    void unknownSheetName_failsListingTheSheets() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLSX, ReadOptions.sheet("Nope")));

        assertEquals("Worksheet named 'Nope' not found. Available sheets: Data, Second", failure.getMessage());
    }

    @Test
    void sheetIndexOutOfRange_failsListingTheSheets() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLSX, new ReadOptions(null, 2)));

        assertEquals("Worksheet index 2 not found (the first sheet is 0). Available sheets: Data, Second",
                failure.getMessage());
    }

    @Test
    void dimension_givesExactRowEstimateBeforeReading() throws Exception {
        Path file = TestFiles.xlsx(dir, "sized.xlsx", workbook -> {
            var sheet = workbook.createSheet("S");
            row(sheet, 0, "n");
            for (int r = 1; r <= 250; r++) {
                row(sheet, r, r);
            }
        });

        try (TableReader reader = TableReaders.open(file, SheetFormat.XLSX, null)) {
            assertEquals(250, reader.estimatedTotalRows());
            assertEquals(250, TestFiles.readAll(reader).size());
        }
    }

    @Test
    void headerBelowEmptyRowsAndColumns_startsWhereTheDataStarts() throws Exception {
        Path file = TestFiles.xlsx(dir, "offset.xlsx", workbook -> {
            var sheet = workbook.createSheet("S");
            row(sheet, 2, null, "a", "b");
            row(sheet, 3, null, 1, 2);
        });

        try (TableReader reader = TableReaders.open(file, SheetFormat.XLSX, null)) {
            assertEquals(List.of("Unnamed: 0", "a", "b"), reader.header());
            assertArrayEquals(new Object[] {null, 1L, 2L}, reader.nextRow());
            assertNull(reader.nextRow());
        }
    }

    @Test
    void formulaWithoutCachedValue_isNull() throws Exception {
        Path file = TestFiles.xlsx(dir, "uncached.xlsx", workbook -> {
            var sheet = workbook.createSheet("S");
            row(sheet, 0, "a", "sum");
            row(sheet, 1, 2, new TestFiles.Formula("A2+1"));
        });

        assertArrayEquals(new Object[] {2L, null}, TestFiles.readAll(file, SheetFormat.XLSX, null).get(0));
    }

    @Test
    void date1904Workbook_readsTheSameDates() throws Exception {
        Path file = TestFiles.xlsx(dir, "mac.xlsx", workbook -> {
            workbook.getCTWorkbook().addNewWorkbookPr().setDate1904(true);
            var sheet = workbook.createSheet("S");
            row(sheet, 0, "day", "moment");
            row(sheet, 1, LocalDate.of(2024, 2, 29), LocalDateTime.of(2001, 9, 9, 1, 46, 40));
        });

        assertArrayEquals(new Object[] {LocalDate.of(2024, 2, 29), LocalDateTime.of(2001, 9, 9, 1, 46, 40)},
                TestFiles.readAll(file, SheetFormat.XLSX, null).get(0));
    }

    @Test
    void valueRightOfTheHeader_failsNamingRowAndColumn() throws Exception {
        Path file = TestFiles.xlsx(dir, "wide.xlsx", workbook -> {
            var sheet = workbook.createSheet("S");
            row(sheet, 0, "a", "b");
            row(sheet, 1, 1, 2, null, "stray");
        });

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TestFiles.readAll(file, SheetFormat.XLSX, null));

        assertEquals("Row 2 of worksheet 'S' has a value in column D, right of the last header column (B)",
                failure.getMessage());
    }

    @Test
    void legacyWorkbookNamedXlsx_isReadByItsContent() throws Exception {
        Path legacy = TestFiles.typedLegacyWorkbook(dir);
        Path misnamed = Files.copy(legacy, dir.resolve("really-xls.xlsx"));

        assertEquals(4, TestFiles.readAll(misnamed, SheetFormat.XLSX, null).size());
    }

    @Test
    void otherOfficeContainerNamedXlsx_isNotAWorkbook() throws Exception {
        Path file = dir.resolve("document.xlsx");
        try (var fileSystem = new org.apache.poi.poifs.filesystem.POIFSFileSystem();
             var out = Files.newOutputStream(file)) {
            fileSystem.createDocument(new java.io.ByteArrayInputStream(new byte[64]), "WordDocument");
            fileSystem.writeFilesystem(out);
        }

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLSX, null));

        assertEquals("The file is not a valid .xlsx workbook", failure.getMessage());
    }

    @Test
    void randomBytes_areNotAWorkbook() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path file = TestFiles.write(dir, "noise.xlsx", noise);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLSX, null));

        assertEquals("The file is not a valid .xlsx workbook", failure.getMessage());
    }

    @Test
    void zipWithoutWorkbook_isNotAWorkbook() throws Exception {
        Path file = dir.resolve("plain.xlsx");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("not a workbook".getBytes());
            zip.closeEntry();
        }

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLSX, null));

        assertEquals("The file is not a valid .xlsx workbook", failure.getMessage());
    }

    @Test
    void truncatedWorkbook_isNotAWorkbook() throws Exception {
        byte[] whole = Files.readAllBytes(TestFiles.typedWorkbook(dir));
        Path file = TestFiles.write(dir, "truncated.xlsx", java.util.Arrays.copyOf(whole, whole.length / 2));

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TestFiles.readAll(file, SheetFormat.XLSX, null));

        assertEquals("The file is not a valid .xlsx workbook", failure.getMessage());
    }

    @Test
    void emptyFile_failsAsEmpty() throws Exception {
        Path file = TestFiles.write(dir, "empty.xlsx", new byte[0]);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLSX, null));

        assertEquals("The file is empty", failure.getMessage());
    }

    @Test
    void workbookWithAnEmptySheet_failsAsEmpty() throws Exception {
        Path file = TestFiles.xlsx(dir, "blank.xlsx", workbook -> workbook.createSheet("Only"));

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLSX, null));

        assertEquals("The workbook is empty: worksheet 'Only' has no data", failure.getMessage());
    }

    @Test
    void passwordProtectedWorkbook_failsAsProtected() throws Exception {
        Path file = TestFiles.passwordProtectedXlsx(dir);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLSX, null));

        assertEquals("The workbook is password-protected", failure.getMessage());
    }

    @Test
    void zipBomb_isRefusedByInflateRatio() throws Exception {
        Path file = TestFiles.zipBombXlsx(dir, 300L << 20);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TestFiles.readAll(file, SheetFormat.XLSX, null));

        assertEquals("The workbook expands to an unsafe size (possible zip bomb)", failure.getMessage());
    }
}
