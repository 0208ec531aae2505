package io.sheetflow.operation.excel;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import io.sheetflow.sheet.TestFiles.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractColumnsOperationTest {

    private final ExtractColumnsOperation operation = new ExtractColumnsOperation();

    @TempDir
    Path dir;

    private Path workbook() throws Exception {
        return TestFiles.xlsx(dir, "people.xlsx", workbook -> {
            var sheet = workbook.createSheet("People");
            TestFiles.row(sheet, 0, "name", "qty", "price", "joined", "code", "active");
            TestFiles.row(sheet, 1, "Zoë", 3, 25.5, LocalDate.of(2024, 1, 15), new Text("021201"), true);
            TestFiles.row(sheet, 2, "北京", 10, 30.0, LocalDate.of(2023, 12, 31), new Text("007"), false);
            TestFiles.row(sheet, 3, "Zoë", 3, null, null, new Text("021201"), true);
            TestFiles.row(sheet, 4, null, 7, -1.25, null, null, null);
            TestFiles.row(workbook.createSheet("Other"), 0, "x");
        });
    }

    @Test
    void columns_areReturnedInlineWithCountsAndTypes() throws Exception {
        TestOperationContext context = TestOperationContext.of(workbook(), SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments(List.of("name", "joined", "code"), null, null),
                context).data();

        assertEquals(Map.of("total_rows", 4L, "extracted_columns", List.of("name", "joined", "code"),
                "remove_duplicates", false), data.get("extraction_info"));
        assertEquals(4L, data.get("total_rows"), "Pycelize Studio's name");
        assertEquals(4L, data.get("rows_extracted"), "Pycelize Studio's name");
        Map<String, Object> columns = columns(data);
        assertEquals(List.of("name", "joined", "code"), List.copyOf(columns.keySet()));
        assertEquals(column(Arrays.asList("Zoë", "北京", "Zoë", null), 4, 4, 3, 1, 2, "text"), columns.get("name"));
        assertEquals(column(Arrays.asList("2024-01-15", "2023-12-31", null, null), 4, 4, 2, 2, 2, "date"),
                columns.get("joined"));
        assertEquals(column(Arrays.asList("021201", "007", "021201", null), 4, 4, 3, 1, 2, "text"),
                columns.get("code"));
        assertTrue(context.outputs().isEmpty());
    }

    @Test
    void numericColumns_reportStatisticsLikePandas() throws Exception {
        Map<String, Object> columns = columns(operation.execute(arguments(List.of("qty", "price"), null, null),
                TestOperationContext.of(workbook(), SheetFormat.XLSX, dir)).data());

        @SuppressWarnings("unchecked")
        Map<String, Object> qty = (Map<String, Object>) columns.get("qty");
        assertEquals(List.of(3L, 10L, 3L, 7L), qty.get("values"));
        assertEquals("integer", qty.get("data_type"));
        Map<String, Object> qtyStatistics = statistics(qty);
        assertEquals(5.75, qtyStatistics.get("mean"));
        assertEquals(5.0, qtyStatistics.get("median"));
        assertEquals(3L, qtyStatistics.get("min"));
        assertEquals(10L, qtyStatistics.get("max"));
        assertEquals(3.4034, (Double) qtyStatistics.get("std"), 1e-4);
        @SuppressWarnings("unchecked")
        Map<String, Object> price = (Map<String, Object>) columns.get("price");
        assertEquals(Arrays.asList(25.5, 30L, null, -1.25), price.get("values"));
        assertEquals("number", price.get("data_type"));
        Map<String, Object> priceStatistics = statistics(price);
        assertEquals(18.0833, (Double) priceStatistics.get("mean"), 1e-4);
        assertEquals(25.5, priceStatistics.get("median"));
        assertEquals(-1.25, priceStatistics.get("min"));
        assertEquals(30L, priceStatistics.get("max"));
        assertEquals(List.of("mean", "median", "min", "max", "std"), List.copyOf(priceStatistics.keySet()));
    }

    @Test
    void removeDuplicates_keepsDistinctValuesPerColumnWhileStatisticsCoverEveryValue() throws Exception {
        Map<String, Object> data = operation.execute(arguments(List.of("name", "qty", "active"), true, null),
                TestOperationContext.of(workbook(), SheetFormat.XLSX, dir)).data();

        Map<String, Object> columns = columns(data);
        assertEquals(true, ((Map<?, ?>) data.get("extraction_info")).get("remove_duplicates"));
        assertEquals(column(List.of("Zoë", "北京"), 2, 4, 3, 1, 2, "text"), columns.get("name"));
        @SuppressWarnings("unchecked")
        Map<String, Object> qty = (Map<String, Object>) columns.get("qty");
        assertEquals(List.of(3L, 10L, 7L), qty.get("values"));
        assertEquals(3, qty.get("value_count"));
        assertEquals(5.75, statistics(qty).get("mean"));
        assertEquals(column(List.of(true, false), 2, 4, 3, 1, 2, "boolean"), columns.get("active"));
    }

    @Test
    void statistics_canBeLeftOut() throws Exception {
        Map<String, Object> columns = columns(operation.execute(arguments(List.of("qty"), null, false),
                TestOperationContext.of(workbook(), SheetFormat.XLSX, dir)).data());

        assertFalse(((Map<?, ?>) columns.get("qty")).containsKey("statistics"));
    }

    @Test
    void sheetName_choosesTheSheet() throws Exception {
        Map<String, Object> data = operation.execute(new ExtractColumnsOperation.Arguments(List.of("x"), null, null,
                "Other"), TestOperationContext.of(workbook(), SheetFormat.XLSX, dir)).data();

        assertEquals(0L, ((Map<?, ?>) data.get("extraction_info")).get("total_rows"));
    }

    @Test
    void unknownColumns_failNamingThemAll() throws Exception {
        Path file = workbook();

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> operation.execute(
                arguments(List.of("name", "nope", "other"), null, null),
                TestOperationContext.of(file, SheetFormat.XLSX, dir)));

        assertEquals("Columns not found in data: nope, other", failure.getMessage());
    }

    @Test
    void inputsOverTheRowCap_areRefusedPointingToTheFileOperation() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "six.csv", "a\n1\n2\n3\n4\n5\n6\n");
        ExtractColumnsOperation capped = new ExtractColumnsOperation(5);
        Path five = TestFiles.writeUtf8(dir, "five.csv", "a\n1\n2\n3\n4\n5\n");

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> capped.execute(
                arguments(List.of("a"), null, null), TestOperationContext.of(file, SheetFormat.CSV, dir)));
        Map<String, Object> data = capped.execute(arguments(List.of("a"), null, null),
                TestOperationContext.of(five, SheetFormat.CSV, dir)).data();

        assertEquals("excel/extract-columns returns values inline; use excel/extract-columns-to-file for more than"
                + " 5 rows", failure.getMessage());
        assertEquals(5L, ((Map<?, ?>) data.get("extraction_info")).get("total_rows"));
        assertEquals(100_000L, new ExtractColumnsOperation().maxRows());
        assertTrue(new ExtractColumnsOperation(100_000).description().contains("100,000 rows"));
    }

    @Test
    void missingBlankOrRepeatedColumns_areInvalidArguments() {
        for (List<String> columns : Arrays.asList(null, List.<String>of())) {
            InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                    () -> operation.validate(arguments(columns, null, null)));
            assertEquals("columns", failure.field());
            assertEquals("No columns specified for extraction", failure.getMessage());
        }
        assertEquals("Column names must not be empty", assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments(Arrays.asList("a", ""), null, null))).getMessage());
        assertEquals("Column 'a' is listed more than once", assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments(List.of("a", "a"), null, null))).getMessage());
    }

    @Test
    void progressIsReportedEveryThousandRowsAndCancellationStopsIt() throws Exception {
        StringBuilder text = new StringBuilder("a\n");
        for (int i = 0; i < 2_100; i++) {
            text.append(i).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "many.csv", text.toString());
        RecordingProgressReporter progress = RecordingProgressReporter.recording();
        RecordingProgressReporter cancelling = RecordingProgressReporter.cancellingAtCall(1);

        operation.execute(arguments(List.of("a"), null, null), TestOperationContext.of(file, SheetFormat.CSV, dir,
                progress));
        assertThrows(RunCancelledException.class, () -> operation.execute(arguments(List.of("a"), null, null),
                TestOperationContext.of(file, SheetFormat.CSV, dir, cancelling)));

        assertEquals(List.of(1_000L, 2_000L, 2_100L), progress.rowsDone());
        assertEquals(List.of(1_000L), cancelling.rowsDone());
    }

    private static ExtractColumnsOperation.Arguments arguments(List<String> columns, Boolean removeDuplicates,
                                                               Boolean includeStatistics) {
        return new ExtractColumnsOperation.Arguments(columns, removeDuplicates, includeStatistics, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> columns(Map<String, Object> data) {
        return (Map<String, Object>) data.get("columns");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statistics(Map<String, Object> column) {
        return (Map<String, Object>) column.get("statistics");
    }

    private static Map<String, Object> column(List<?> values, int valueCount, long total, long nonNull, long nulls,
                                              int unique, String type) {
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("values", values);
        column.put("value_count", valueCount);
        column.put("total_count", total);
        column.put("non_null_count", nonNull);
        column.put("null_count", nulls);
        column.put("unique_count", unique);
        column.put("data_type", type);
        column.put("count", valueCount);
        column.put("sample_values", values.stream().filter(java.util.Objects::nonNull).limit(5).toList());
        return column;
    }
}
