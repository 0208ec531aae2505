package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTableReaderTest {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    @Test
    void utf8Csv_typesCellsAndKeepsTextThatLooksNumeric() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "people.csv", """
                name,qty,price,joined,updated,code,active,note
                Zoë,3,25.5,2024-01-15,2024-01-15 10:30:00,021201,TRUE,+5
                北京 😀,10,30.0,2023-12-31,2023-12-31T23:59:59,007,false,1e5
                ,,,,,,,
                """);

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertEquals(List.of("name", "qty", "price", "joined", "updated", "code", "active", "note"),
                    reader.header());
            assertArrayEquals(new Object[] {"Zoë", 3L, 25.5, LocalDate.of(2024, 1, 15),
                LocalDateTime.of(2024, 1, 15, 10, 30), "021201", true, "+5"}, reader.nextRow());
            assertArrayEquals(new Object[] {"北京 😀", 10L, 30.0, LocalDate.of(2023, 12, 31),
                LocalDateTime.of(2023, 12, 31, 23, 59, 59), "007", false, "1e5"}, reader.nextRow());
            assertArrayEquals(new Object[8], reader.nextRow());
            assertNull(reader.nextRow());
            assertEquals(3, reader.rowsRead());
            assertEquals(StandardCharsets.UTF_8, reader.dialect().charset());
            assertEquals(",", reader.dialect().delimiterText());
            assertNull(reader.sheetName());
            assertTrue(reader.sheetNames().isEmpty());
        }
    }

    @Test
    void utf8WithBom_dropsTheBomFromTheFirstColumnName() throws Exception {
        Path file = TestFiles.write(dir, "bom.csv", TestFiles.concat(UTF8_BOM,
                "id,name\n1,Zoë\n".getBytes(StandardCharsets.UTF_8)));

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertEquals(List.of("id", "name"), reader.header());
            assertArrayEquals(new Object[] {1L, "Zoë"}, reader.nextRow());
            assertTrue(reader.dialect().hasByteOrderMark());
            assertEquals(StandardCharsets.UTF_8, reader.dialect().charset());
        }
    }

    @Test
    void utf16LittleEndianWithBom_isDecoded() throws Exception {
        Path file = TestFiles.write(dir, "utf16.csv", TestFiles.concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "id;name\r\n1;Zoë\r\n".getBytes(StandardCharsets.UTF_16LE)));

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertEquals(List.of("id", "name"), reader.header());
            assertArrayEquals(new Object[] {1L, "Zoë"}, reader.nextRow());
            assertEquals(StandardCharsets.UTF_16LE, reader.dialect().charset());
            assertEquals(';', reader.dialect().delimiter());
        }
    }

    @Test
    void windows1252Csv_isDetectedWhenNotUtf8() throws Exception {
        Path file = TestFiles.write(dir, "latin.csv", "city;price\nMünchen;1,5\nCafé €;2\n"
                .getBytes(CsvDialect.WINDOWS_1252));

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertEquals("windows-1252", reader.dialect().charset().name());
            assertArrayEquals(new Object[] {"München", "1,5"}, reader.nextRow());
            assertArrayEquals(new Object[] {"Café €", 2L}, reader.nextRow());
        }
    }

    @Test
    void csvWithSemicolons_detectsDelimiterAndTypes() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "semi.csv", "id;amount;day\n1;12.50;2024-03-01\n2;7;2024-03-02\n");

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertEquals(';', reader.dialect().delimiter());
            assertEquals(List.of("id", "amount", "day"), reader.header());
            assertArrayEquals(new Object[] {1L, 12.5, LocalDate.of(2024, 3, 1)}, reader.nextRow());
            assertArrayEquals(new Object[] {2L, 7L, LocalDate.of(2024, 3, 2)}, reader.nextRow());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t", "|"})
    void tabAndPipeDelimitedCsv_isSplitOnThem(String delimiter) throws Exception {
        Path file = TestFiles.writeUtf8(dir, "other.csv",
                String.join(delimiter, "a", "b,c", "d") + "\n" + String.join(delimiter, "1", "x,y", "true") + "\n");

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertEquals(delimiter, reader.dialect().delimiterText());
            assertEquals(List.of("a", "b,c", "d"), reader.header());
            assertArrayEquals(new Object[] {1L, "x,y", true}, reader.nextRow());
        }
    }

    @Test
    void quotedFields_keepDelimitersNewlinesAndQuotes() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "quoted.csv",
                "id,comment,amount\n1,\"Hello, \"\"world\"\"\nsecond line\",\"42\"\n2,plain,\"-3.5\"\n");

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertArrayEquals(new Object[] {1L, "Hello, \"world\"\nsecond line", 42L}, reader.nextRow());
            assertArrayEquals(new Object[] {2L, "plain", -3.5}, reader.nextRow());
            assertNull(reader.nextRow());
        }
    }

    @Test
    void duplicateAndEmptyHeaders_areRenamedLikePandas() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "dup.csv", "a,a,,a,b\n1,2,3,4,5\n");

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertEquals(List.of("a", "a.1", "Unnamed: 2", "a.2", "b"), reader.header());
        }
    }

    @Test
    void shortRows_arePaddedWithNull() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "short.csv", "a,b,c\n1,2,3\n4\n5,6\n");

        List<Object[]> rows = TestFiles.readAll(file, SheetFormat.CSV, null);

        assertArrayEquals(new Object[] {4L, null, null}, rows.get(1));
        assertArrayEquals(new Object[] {5L, 6L, null}, rows.get(2));
    }

    @Test
    void rowWithMoreFieldsThanTheHeader_failsNamingTheRow() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "long.csv", "a,b,c\n1,2,3\n\"multi\nline\",5,6\n7,8,9,10\n");

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TestFiles.readAll(file, SheetFormat.CSV, null));

        assertEquals("Row 3 has 4 fields but the header has 3 (line 5 of the file)", failure.getMessage());
    }

    @Test
    void emptyFile_failsAsEmpty() throws Exception {
        Path file = TestFiles.write(dir, "empty.csv", new byte[0]);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.CSV, null));

        assertEquals("The file is empty", failure.getMessage());
    }

    @Test
    void blankLinesAndBomOnly_failAsEmpty() throws Exception {
        Path file = TestFiles.write(dir, "blank.csv", TestFiles.concat(UTF8_BOM, "\n\r\n\n".getBytes()));

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> TableReaders.open(file, SheetFormat.CSV, null));

        assertEquals("The file is empty", failure.getMessage());
    }

    @Test
    void headerOnly_hasNoRows() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "header.csv", "a,b\n");

        try (TableReader reader = TableReaders.open(file, SheetFormat.CSV, null)) {
            assertEquals(List.of("a", "b"), reader.header());
            assertNull(reader.nextRow());
            assertEquals(0, reader.rowsRead());
        }
    }

    @Test
    void multibyteCharacterAcrossTheSampleEnd_isReadAsUtf8() throws Exception {
        StringBuilder text = new StringBuilder("word\n");
        while (text.length() < CsvDialect.SAMPLE_BYTES - 1 - 10) {
            text.append("abcdefghi\n");
        }
        while (text.length() < CsvDialect.SAMPLE_BYTES - 1) {
            text.append('x');
        }
        text.append("€\n");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals((byte) 0xE2, bytes[CsvDialect.SAMPLE_BYTES - 1], "the sample must end inside the euro sign");
        Path file = TestFiles.write(dir, "boundary.csv", bytes);

        try (CsvTableReader reader = TableReaders.openCsv(file)) {
            assertEquals(StandardCharsets.UTF_8, reader.dialect().charset());
            List<Object[]> rows = TestFiles.readAll(reader);
            assertTrue(((String) rows.get(rows.size() - 1)[0]).endsWith("x€"));
        }
    }

    @Test
    void estimatedTotalRows_isCloseToTheRealCount() throws Exception {
        StringBuilder text = new StringBuilder("id,name,score\n");
        for (int i = 1; i <= 5_000; i++) {
            text.append(i).append(",name").append(i % 97).append(',').append(i * 7 % 1000).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "estimate.csv", text.toString());

        try (TableReader reader = TableReaders.open(file, SheetFormat.CSV, null)) {
            assertTrue(reader.estimatedTotalRows() < 1, "unknown before the first row");
            for (int i = 0; i < 1_000; i++) {
                reader.nextRow();
            }
            long estimate = reader.estimatedTotalRows();
            assertTrue(estimate > 4_500 && estimate < 5_500, "estimate " + estimate);
            TestFiles.readAll(reader);
            assertEquals(5_000, reader.rowsRead());
            assertFalse(Math.abs(reader.estimatedTotalRows() - 5_000) > 50, "final " + reader.estimatedTotalRows());
        }
    }
}
