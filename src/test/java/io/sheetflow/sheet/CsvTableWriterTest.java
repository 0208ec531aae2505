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
}
