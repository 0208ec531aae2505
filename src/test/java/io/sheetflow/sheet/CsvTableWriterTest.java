package io.sheetflow.sheet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTableWriterTest {

    @TempDir
    Path dir;

    @Test
    void typedCells_areWrittenInPlainNotation() throws Exception {
        Path file = dir.resolve("out.csv");
        try (TableWriter writer = TableWriters.create(file, SheetFormat.CSV, null)) {
            writer.header(List.of("name", "qty", "price", "big", "tiny", "active", "day", "moment", "empty"));
            writer.row(new Object[] {"Zoë, \"the\" one", 3L, 25.5, 1.0E7, 1.0E-7, true, LocalDate.of(2024, 1, 15),
                LocalDateTime.of(2024, 1, 15, 10, 30), null});
            writer.row(new Object[] {"021201", -2L, 30.0, 123456789.125, 0.1, false, LocalDate.of(1999, 12, 31),
                LocalDateTime.of(2024, 1, 15, 10, 30, 5, 250_000_000), null});
            assertEquals(2, writer.rowsWritten());
        }

        byte[] bytes = Files.readAllBytes(file);
        assertEquals('n', bytes[0], "no byte-order mark");
        assertEquals("""
                name,qty,price,big,tiny,active,day,moment,empty
                "Zoë, ""the"" one",3,25.5,10000000,0.0000001,true,2024-01-15,2024-01-15 10:30:00,
                021201,-2,30,123456789.125,0.1,false,1999-12-31,2024-01-15 10:30:05.25,
                """, new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void writtenCsv_readsBackWithTheSameTypes() throws Exception {
        Object[] row = {"Zoë", 3L, 25.5, true, LocalDate.of(2024, 1, 15), LocalDateTime.of(2024, 1, 15, 10, 30),
            "021201", null};
        Path file = dir.resolve("round.csv");
        try (TableWriter writer = TableWriters.create(file, SheetFormat.CSV, null)) {
            writer.header(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
            writer.row(row);
        }

        assertArrayEquals(row, TestFiles.readAll(file, SheetFormat.CSV, null).get(0));
    }

    @org.junit.jupiter.api.Test
    void textThatWouldRunAsAFormula_isNeutralised_numbersAreNot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("f.csv");
        try (TableWriter writer = TableWriters.create(file, SheetFormat.CSV, WriteOptions.plain())) {
            writer.header(java.util.List.of("a", "b", "c", "d"));
            writer.row(new Object[]{"=HYPERLINK(\"http://x\")", "+1", -5L, "@SUM(A1)"});
            writer.row(new Object[]{"-2+3", "plain", -1.5, "\tcmd"});
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("a,b,c,d",
                "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,-5,'@SUM(A1)", "'-2+3,plain,-1.5,'\tcmd"),
                java.nio.file.Files.readAllLines(file));
        java.nio.file.Path kept = dir.resolve("kept.csv");
        try (TableWriter writer = TableWriters.create(kept, SheetFormat.CSV, new WriteOptions(null, false, null, false))) {
            writer.header(java.util.List.of("a"));
            writer.row(new Object[]{"=1+1"});
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("a", "=1+1"), java.nio.file.Files.readAllLines(kept));
    }
}
