package io.sheetflow.sheet;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ColumnTypeInferenceTest {

    @Test
    void columns_getTheTypeOfTheirValues() {
        List<String> header = List.of("int", "num", "mixnum", "bool", "date", "datetime", "text", "empty",
                "mixed", "dates");
        ColumnTypeInference types = new ColumnTypeInference(header.size());
        types.accept(new Object[] {1L, 1.5, 1L, true, LocalDate.of(2024, 1, 1), LocalDateTime.of(2024, 1, 1, 1, 0),
            "a", null, 1L, LocalDate.of(2024, 1, 1)});
        types.accept(new Object[] {2L, 2.5, 2.5, null, null, null, "b", null, "x",
            LocalDateTime.of(2024, 1, 1, 1, 0)});

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("int", "integer");
        expected.put("num", "number");
        expected.put("mixnum", "number");
        expected.put("bool", "boolean");
        expected.put("date", "date");
        expected.put("datetime", "datetime");
        expected.put("text", "text");
        expected.put("empty", "empty");
        expected.put("mixed", "mixed");
        expected.put("dates", "mixed");
        assertEquals(expected, types.typeNamesByColumn(header));
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(types.typeNamesByColumn(header).keySet()));
    }

    @Test
    void nonNullValues_areCountedPerColumn() {
        ColumnTypeInference types = new ColumnTypeInference(2);
        types.accept(new Object[] {1L, null});
        types.accept(new Object[] {null, null});
        types.accept(new Object[] {3L, "x"});

        assertEquals(2, types.nonNullCount(0));
        assertEquals(1, types.nonNullCount(1));
        assertEquals(ColumnType.INTEGER, types.type(0));
        assertEquals(ColumnType.TEXT, types.type(1));
    }

    @Test
    void aListOfValues_hasOneType() {
        assertEquals(ColumnType.NUMBER, ColumnTypeInference.of(Arrays.asList(1L, null, 2.0)));
        assertEquals(ColumnType.EMPTY, ColumnTypeInference.of(Arrays.asList(null, null)));
        assertEquals(ColumnType.MIXED, ColumnTypeInference.of(List.of(true, "true")));
    }
}
