package io.sheetflow.sheet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTableWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void rows_becomeObjectsWithNativeTypesInHeaderOrder() throws Exception {
        Path file = dir.resolve("out.json");
        try (TableWriter writer = TableWriters.create(file, SheetFormat.JSON, null)) {
            writer.header(List.of("name", "qty", "price", "big", "active", "day", "moment", "empty"));
            writer.row(new Object[] {"Zoë", 3L, 25.5, 1.0E7, true, LocalDate.of(2024, 1, 15),
                LocalDateTime.of(2024, 1, 15, 10, 30), null});
        }

        String text = Files.readString(file);
        assertEquals("[{\"name\":\"Zoë\",\"qty\":3,\"price\":25.5,\"big\":10000000,\"active\":true,"
                + "\"day\":\"2024-01-15\",\"moment\":\"2024-01-15T10:30:00\",\"empty\":null}]", text);
        JsonNode row = JSON.readTree(text).get(0);
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("name", "qty", "price", "big", "active", "day", "moment", "empty"), names);
        assertTrue(row.get("qty").isIntegralNumber());
        assertTrue(row.get("price").isFloatingPointNumber());
        assertTrue(row.get("active").isBoolean());
        assertTrue(row.get("empty").isNull());
    }

    @Test
    void prettyPrinting_isOptional() throws Exception {
        Path pretty = dir.resolve("pretty.json");
        try (TableWriter writer = new JsonTableWriter(pretty, true)) {
            writer.header(List.of("a"));
            writer.row(new Object[] {1L});
        }
        Path compact = dir.resolve("compact.json");
        try (TableWriter writer = new JsonTableWriter(compact, false)) {
            writer.header(List.of("a"));
            writer.row(new Object[] {1L});
        }

        assertTrue(Files.readString(pretty).contains("\n"));
        assertFalse(Files.readString(compact).contains("\n"));
        assertEquals(JSON.readTree(Files.readString(compact)), JSON.readTree(Files.readString(pretty)));
    }

    @Test
    void noRows_isAnEmptyArray() throws Exception {
        Path file = dir.resolve("empty.json");
        try (TableWriter writer = TableWriters.create(file, SheetFormat.JSON, null)) {
            writer.header(List.of("a"));
        }

        assertEquals("[]", Files.readString(file));
    }
}
