package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class XlsTableReaderTest {

    @TempDir
    Path dir;

    @Test
    void legacyWorkbook_readsTypedCellsAndCachedFormulas() throws Exception {
        Path file = TestFiles.typedLegacyWorkbook(dir);

        try (TableReader reader = TableReaders.open(file, SheetFormat.XLS, ReadOptions.firstSheet())) {
            assertEquals(TestFiles.TYPED_HEADER, reader.header());
            assertEquals(List.of("Data", "Second"), reader.sheetNames());
            List<Object[]> rows = TestFiles.readAll(reader);
            List<Object[]> expected = TestFiles.typedRows();
            assertEquals(expected.size(), rows.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), rows.get(i), "row " + (i + 1));
            }
        }
    }

    @Test
    void secondSheet_isChosenByName() throws Exception {
        Path file = TestFiles.typedLegacyWorkbook(dir);

        try (TableReader reader = TableReaders.open(file, SheetFormat.XLS, ReadOptions.sheet("Second"))) {
            assertEquals(List.of("a", "b"), reader.header());
            assertArrayEquals(new Object[] {1L, "x"}, reader.nextRow());
        }
    }

    @Test
    void workbookOver20Megabytes_isRefused() throws Exception {
        Path file = Files.copy(TestFiles.typedLegacyWorkbook(dir), dir.resolve("huge.xls"));
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(21L * 1024 * 1024);
        }

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLS, null));

        assertEquals("The .xls workbook is 21 MB; legacy .xls files are read up to 20 MB. Save it as .xlsx to"
                + " process it", failure.getMessage());
    }

    @Test
    void textFileNamedXls_isNotAWorkbook() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "notes.xls", "just, some, text\n");

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.XLS, null));

        assertEquals("The file is not a valid .xls workbook", failure.getMessage());
    }
}
