package io.sheetflow.operation.csv;

import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvInfoOperationTest {

    private final CsvInfoOperation operation = new CsvInfoOperation();

    @TempDir
    Path dir;

    @Test
    void windows1252SemicolonCsv_reportsEncodingDelimiterAndTypes() throws Exception {
        Path file = TestFiles.write(dir, "ventes.csv", """
                client;montant;date;payé;code
                Café Müller;12.5;2024-01-15;true;007
                Brasserie;7;2024-01-16;false;010
                """.getBytes(Charset.forName("windows-1252")));

        Map<String, Object> data = operation.execute(new CsvInfoOperation.Arguments(),
                TestOperationContext.of(file, SheetFormat.CSV, dir)).data();

        assertEquals(List.of("file_name", "rows", "columns", "column_names", "data_types", "encoding", "delimiter"),
                List.copyOf(data.keySet()));
        assertEquals("ventes.csv", data.get("file_name"));
        assertEquals(2L, data.get("rows"));
        assertEquals(5, data.get("columns"));
        assertEquals(List.of("client", "montant", "date", "payé", "code"), data.get("column_names"));
        Map<String, String> types = new LinkedHashMap<>();
        types.put("client", "text");
        types.put("montant", "number");
        types.put("date", "date");
        types.put("payé", "boolean");
        types.put("code", "text");
        assertEquals(types, data.get("data_types"));
        assertEquals("windows-1252", data.get("encoding"));
        assertEquals(";", data.get("delimiter"));
        assertFalse(data.toString().contains(dir.toString()), "no server path in the result");
    }

    @Test
    void xlsxInput_failsNamingWhatItNeeds() throws Exception {
        Path file = TestFiles.typedWorkbook(dir);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(new CsvInfoOperation.Arguments(),
                        TestOperationContext.of(file, SheetFormat.XLSX, dir)));

        assertEquals("csv/info needs a CSV input, got xlsx", failure.getMessage());
    }

    @Test
    void emptyCsv_failsAsEmpty() throws Exception {
        Path file = TestFiles.write(dir, "empty.csv", new byte[0]);

        OperationFailedException failure = assertThrows(OperationFailedException.class,
                () -> operation.execute(new CsvInfoOperation.Arguments(),
                        TestOperationContext.of(file, SheetFormat.CSV, dir)));

        assertEquals("The file is empty", failure.getMessage());
    }

    @Test
    void progress_isReportedWithIncreasingCountsAndAnEstimate() throws Exception {
        StringBuilder text = new StringBuilder("id,label\n");
        for (int i = 10_001; i <= 13_200; i++) {
            text.append(i).append(",row ").append(i).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "rows.csv", text.toString());
        RecordingProgressReporter progress = RecordingProgressReporter.recording();

        operation.execute(new CsvInfoOperation.Arguments(), TestOperationContext.of(file, SheetFormat.CSV, dir,
                progress));

        assertEquals(List.of(1_000L, 2_000L, 3_000L, 3_200L), progress.rowsDone());
        long firstEstimate = progress.reports().get(0).rowsTotal();
        assertTrue(firstEstimate > 3_000 && firstEstimate < 3_400, "estimate " + firstEstimate);
    }
}
