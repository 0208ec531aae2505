package io.sheetflow.operation.search;

import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.ColumnType;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SuggestOperatorsOperationTest {

    private final SuggestOperatorsOperation operation = new SuggestOperatorsOperation();

    @TempDir
    Path dir;

    @Test
    void operators_followEachColumnsInferredType() throws Exception {
        Path file = TestFiles.xlsx(dir, "types.xlsx", workbook -> {
            Sheet sheet = workbook.createSheet("T");
            TestFiles.row(sheet, 0, "int", "num", "day", "moment", "flag", "name", "mixed", "blank", "last");
            TestFiles.row(sheet, 1, 1, 1.5, LocalDate.of(2024, 1, 1), LocalDateTime.of(2024, 1, 1, 8, 0), true, "a",
                    1, null, "x");
            TestFiles.row(sheet, 2, 2, 2, LocalDate.of(2024, 1, 2), LocalDateTime.of(2024, 1, 2, 8, 0), false, "b",
                    "b", null, "y");
        });

        Map<String, Object> data = operation.execute(new SuggestOperatorsOperation.Arguments(null),
                TestOperationContext.of(file, SheetFormat.XLSX, dir)).data();

        assertEquals(List.of("int", "num", "day", "moment", "flag", "name", "mixed", "blank", "last"),
                List.copyOf(data.keySet()));
        assertEquals(Map.of("type", "integer", "operators", List.of("equals", "not_equals", "greater_than",
                "greater_than_or_equal", "less_than", "less_than_or_equal", "between")), data.get("int"));
        assertEquals(Map.of("type", "number", "operators", SearchOperators.NUMBER), data.get("num"));
        assertEquals(Map.of("type", "date", "operators", List.of("equals", "before", "after", "between")),
                data.get("day"));
        assertEquals(Map.of("type", "datetime", "operators", SearchOperators.DATE), data.get("moment"));
        assertEquals(Map.of("type", "boolean", "operators", List.of("equals", "not_equals")), data.get("flag"));
        assertEquals(Map.of("type", "text", "operators", List.of("equals", "not_equals", "contains", "not_contains",
                "starts_with", "ends_with", "is_empty", "is_not_empty", "matches")), data.get("name"));
        assertEquals(Map.of("type", "mixed", "operators", SearchOperators.TEXT), data.get("mixed"));
        assertEquals(Map.of("type", "empty", "operators", SearchOperators.TEXT), data.get("blank"));
    }

    @Test
    void everyColumnType_hasOperators() {
        for (ColumnType type : ColumnType.values()) {
            assertEquals(true, !SearchOperators.forType(type).isEmpty());
        }
    }

    @Test
    void csvInputs_progressAndCancellation() throws Exception {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 2_100; i++) {
            text.append(i).append(",2024-01-0").append(1 + i % 9).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "many.csv", text.toString());
        RecordingProgressReporter progress = RecordingProgressReporter.recording();
        RecordingProgressReporter cancelling = RecordingProgressReporter.cancellingAtCall(1);

        Map<String, Object> data = operation.execute(new SuggestOperatorsOperation.Arguments(" "),
                TestOperationContext.of(file, SheetFormat.CSV, dir, progress)).data();
        assertThrows(RunCancelledException.class, () -> operation.execute(new SuggestOperatorsOperation.Arguments(null),
                TestOperationContext.of(file, SheetFormat.CSV, dir, cancelling)));

        assertEquals("date", ((Map<?, ?>) data.get("b")).get("type"));
        assertEquals(List.of(1_000L, 2_000L, 2_100L), progress.rowsDone());
        assertEquals(List.of(1_000L), cancelling.rowsDone());
        assertEquals("excel/search/suggest-operators", operation.name());
    }
}
