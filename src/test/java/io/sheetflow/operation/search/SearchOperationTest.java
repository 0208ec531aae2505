package io.sheetflow.operation.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TestFiles;
import io.sheetflow.sheet.TestFiles.Text;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SearchOperationTest {

    private final ExcelSearchOperation excelSearch = new ExcelSearchOperation();
    private final CsvSearchOperation csvSearch = new CsvSearchOperation();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private int runs;

    /**
     * id, customer (text, one empty, one unicode), amount (numbers, one numeric text), placed (date, date-time,
     * date text), paid (booleans), code (leading-zero text, number), note (regex metacharacters).
     */
    private Path orders() throws Exception {
        Path file = dir.resolve("orders.xlsx");
        if (Files.exists(file)) {
            return file;
        }
        return TestFiles.xlsx(dir, "orders.xlsx", workbook -> {
            Sheet sheet = workbook.createSheet("Orders");
            TestFiles.row(sheet, 0, "id", "customer", "amount", "placed", "paid", "code", "note");
            TestFiles.row(sheet, 1, 1, "Ann", 10, LocalDate.of(2024, 1, 15), true, new Text("021201"), "A.B");
            TestFiles.row(sheet, 2, 2, "bob", 25.5, LocalDateTime.of(2024, 2, 1, 10, 30), false, new Text("007"),
                    "AxB");
            TestFiles.row(sheet, 3, 3, "Ann", 100, LocalDate.of(2023, 12, 31), true, "10", "a(b)");
            TestFiles.row(sheet, 4, 4, null, null, null, null, null, "x");
            TestFiles.row(sheet, 5, 5, "Zoë", "15", "2024-03-01", true, 10, null);
        });
    }

    /** The ids of the rows matching, searched with JSON output. */
    private List<Long> ids(String logic, String... conditions) throws Exception {
        String arguments = "{\"output_format\":\"json\"," + (logic == null ? "" : "\"logic\":\"" + logic + "\",")
                + "\"conditions\":[" + String.join(",", conditions) + "]}";
        TestOperationContext context = TestOperationContext.of(orders(), SheetFormat.XLSX, dir.resolve("o" + runs++));
        excelSearch.execute(json.readValue(arguments, ExcelSearchOperation.Arguments.class), context);
        List<Long> ids = new ArrayList<>();
        for (JsonNode row : json.readTree(context.outputs().get(0).path().toFile())) {
            ids.add(row.get("id").longValue());
        }
        return ids;
    }

    private List<Long> ids(String conditions) throws Exception {
        return ids(null, conditions);
    }

    private static String condition(String column, String operator, String valueJson) {
        return "{\"column\":\"" + column + "\",\"operator\":\"" + operator + "\""
                + (valueJson == null ? "" : ",\"value\":" + valueJson) + "}";
    }

    @Test
    void equals_isTypedAndCaseSensitiveOnText() throws Exception {
        assertEquals(List.of(1L, 3L), ids(condition("customer", "equals", "\"Ann\"")));
        assertEquals(List.of(), ids(condition("customer", "equals", "\"ann\"")));
        assertEquals(List.of(1L), ids(condition("amount", "equals", "10")));
        assertEquals(List.of(1L), ids(condition("amount", "EQUALS", "\"10\"")));
        assertEquals(List.of(2L), ids(condition("amount", "equals", "25.50")));
        assertEquals(List.of(3L, 5L), ids(condition("code", "equals", "10")));
        assertEquals(List.of(1L), ids(condition("code", "equals", "\"021201\"")));
        assertEquals(List.of(), ids(condition("code", "equals", "21201")));
        assertEquals(List.of(1L, 3L, 5L), ids(condition("paid", "equals", "true")));
        assertEquals(List.of(2L), ids(condition("paid", "equals", "\"FALSE\"")));
        assertEquals(List.of(1L), ids(condition("placed", "equals", "\"2024-01-15\"")));
        assertEquals(List.of(2L), ids(condition("placed", "equals", "\"2024-02-01T10:30:00\"")));
    }

    @Test
    void notEquals_matchesEveryOtherRowIncludingEmptyCells() throws Exception {
        assertEquals(List.of(2L, 4L, 5L), ids(condition("customer", "not_equals", "\"Ann\"")));
    }

    @Test
    void contains_isALiteralCaseInsensitiveSubstring() throws Exception {
        assertEquals(List.of(1L), ids(condition("note", "contains", "\"a.b\"")));
        assertEquals(List.of(3L), ids(condition("note", "contains", "\"(\"")));
        assertEquals(List.of(1L, 3L), ids(condition("customer", "contains", "\"ANN\"")));
        assertEquals(List.of(1L, 3L, 5L), ids(condition("code", "contains", "1")));
        assertEquals(List.of(2L, 3L, 4L, 5L), ids(condition("note", "not_contains", "\"A.B\"")));
    }

    @Test
    void startsWithAndEndsWith_areLiteralAndCaseSensitive() throws Exception {
        assertEquals(List.of(1L, 3L), ids(condition("customer", "starts_with", "\"A\"")));
        assertEquals(List.of(), ids(condition("customer", "starts_with", "\"a\"")));
        assertEquals(List.of(2L), ids(condition("customer", "ends_with", "\"b\"")));
        assertEquals(List.of(1L, 2L), ids(condition("code", "starts_with", "\"0\"")));
    }

    @Test
    void isEmptyAndIsNotEmpty_needNoValue() throws Exception {
        assertEquals(List.of(4L), ids(condition("customer", "is_empty", null)));
        assertEquals(List.of(1L, 2L, 3L, 5L), ids(condition("customer", "is_not_empty", "\"ignored\"")));
    }

    @Test
    void numericComparisons_compareNumbersAndNumericTextByValue() throws Exception {
        assertEquals(List.of(2L, 3L), ids(condition("amount", "greater_than", "20")));
        assertEquals(List.of(2L, 3L, 5L), ids(condition("amount", "greater_than", "\"10\"")));
        assertEquals(List.of(1L, 2L, 3L, 5L), ids(condition("amount", "greater_than_or_equal", "10")));
        assertEquals(List.of(1L, 5L), ids(condition("amount", "less_than", "25.5")));
        assertEquals(List.of(1L, 2L, 5L), ids(condition("amount", "less_than_or_equal", "25.5")));
        assertEquals(List.of(), ids(condition("customer", "greater_than", "0")));
    }

    @Test
    void dateComparisons_compareDatesDateTimesAndDateTextByValue() throws Exception {
        assertEquals(List.of(1L, 2L, 5L), ids(condition("placed", "greater_than", "\"2024-01-01\"")));
        assertEquals(List.of(3L), ids(condition("placed", "less_than_or_equal", "\"2023-12-31\"")));
        assertEquals(List.of(3L), ids(condition("placed", "before", "\"2024-01-01\"")));
        assertEquals(List.of(2L, 5L), ids(condition("placed", "after", "\"2024-01-31\"")));
        assertEquals(List.of(1L), ids(condition("placed", "before", "\"2024-02-01T10:30:00\"") + ","
                + condition("placed", "after", "\"2023-12-31\"")));
    }

    @Test
    void between_isInclusiveForNumbersAndDates() throws Exception {
        assertEquals(List.of(1L, 2L, 5L), ids(condition("amount", "between", "[10, 25.5]")));
        assertEquals(List.of(1L, 2L), ids(condition("placed", "between", "[\"2024-01-15\", \"2024-02-28\"]")));
        assertEquals(List.of(), ids(condition("amount", "between", "[50, 20]")));
    }

    @Test
    void matches_findsARegularExpression() throws Exception {
        assertEquals(List.of(1L, 3L), ids(condition("customer", "matches", "\"^A.n$\"")));
        assertEquals(List.of(1L, 2L, 3L, 5L), ids(condition("code", "matches", "\"^\\\\d+$\"")));
        assertEquals(List.of(1L, 2L), ids(condition("note", "matches", "\"(?i)^a.b$\"")));
    }

    @Test
    void catastrophicMatches_areCutOffWithAClearErrorWithinASecond() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "lines.csv", "line\nok\n\"" + "a,".repeat(40) + "x\"\n");

        OperationFailedException failure = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThrows(
                OperationFailedException.class, () -> csvSearch.execute(json.readValue(
                        "{\"conditions\":[" + condition("line", "matches", "\"^(.*?,){11}P\"") + "]}",
                        CsvSearchOperation.Arguments.class), TestOperationContext.of(file, SheetFormat.CSV, dir))));

        assertEquals("The 'matches' pattern of condition 1 took longer than 100 ms on data row 2 (catastrophic"
                + " backtracking); simplify the pattern", failure.getMessage());
    }

    @Test
    void logic_combinesConditionsWithAndOrOr() throws Exception {
        String ann = condition("customer", "equals", "\"Ann\"");
        String big = condition("amount", "greater_than", "50");
        String bob = condition("customer", "equals", "\"bob\"");

        assertEquals(List.of(3L), ids(null, ann, big));
        assertEquals(List.of(3L), ids("and", ann, big));
        assertEquals(List.of(2L, 3L), ids("Or", bob, big));
    }

    @Test
    void excelSearch_writesATypedWorkbookWithoutInfoSheet() throws Exception {
        TestOperationContext context = TestOperationContext.of(orders(), SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = excelSearch.execute(json.readValue("{\"conditions\":["
                + condition("paid", "equals", "true") + "," + condition("customer", "is_not_empty", null) + "]}",
                ExcelSearchOperation.Arguments.class), context).data();

        assertEquals(Map.of("total_rows", 5L, "filtered_rows", 3L, "conditions_applied", 2), data);
        OutputFile output = context.outputs().get(0);
        assertEquals("xlsx", output.extension());
        try (TableReader reader = TableReaders.open(output.path(), SheetFormat.XLSX, null)) {
            assertEquals(List.of("id", "customer", "amount", "placed", "paid", "code", "note"), reader.header());
            assertArrayEquals(new Object[] {1L, "Ann", 10L, LocalDate.of(2024, 1, 15), true, "021201", "A.B"},
                    reader.nextRow());
            assertArrayEquals(new Object[] {3L, "Ann", 100L, LocalDate.of(2023, 12, 31), true, "10", "a(b)"},
                    reader.nextRow());
            assertArrayEquals(new Object[] {5L, "Zoë", "15", "2024-03-01", true, 10L, null}, reader.nextRow());
            assertNull(reader.nextRow());
            assertEquals(List.of("Sheet1"), reader.sheetNames());
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(output.path().toFile())) {
            Row first = workbook.getSheetAt(0).getRow(1);
            assertEquals(CellType.NUMERIC, first.getCell(2).getCellType());
            assertEquals(true, DateUtil.isCellDateFormatted(first.getCell(3)));
            assertEquals(CellType.BOOLEAN, first.getCell(4).getCellType());
            assertEquals(CellType.STRING, first.getCell(5).getCellType());
        }
    }

    @Test
    void csvSearch_writesCsvByDefaultNeutralisingFormulaText() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "people.csv", """
                name,score,joined
                Ann,10,2024-01-15
                "=HYPERLINK(""http://x"")",20,2024-02-01
                Bob,5,
                """);
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("out"));

        Map<String, Object> data = csvSearch.execute(json.readValue("{\"conditions\":["
                + condition("score", "greater_than_or_equal", "10") + "]}", CsvSearchOperation.Arguments.class),
                context).data();

        assertEquals(Map.of("total_rows", 3L, "filtered_rows", 2L, "conditions_applied", 1), data);
        assertEquals("""
                name,score,joined
                Ann,10,2024-01-15
                "'=HYPERLINK(""http://x"")",20,2024-02-01
                """, Files.readString(context.outputs().get(0).path(), StandardCharsets.UTF_8));
    }

    @Test
    void jsonOutput_isAnArrayOfTypedObjects() throws Exception {
        TestOperationContext context = TestOperationContext.of(orders(), SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = csvSearch.execute(json.readValue("{\"output_format\":\"JSON\",\"conditions\":["
                + condition("id", "less_than", "3") + "]}", CsvSearchOperation.Arguments.class), context).data();

        assertEquals("orders_search.json", context.outputs().get(0).displayName());
        assertEquals(json.readTree("""
                [{"id":1,"customer":"Ann","amount":10,"placed":"2024-01-15","paid":true,"code":"021201","note":"A.B"},
                 {"id":2,"customer":"bob","amount":25.5,"placed":"2024-02-01T10:30:00","paid":false,"code":"007",
                  "note":"AxB"}]"""), json.readTree(context.outputs().get(0).path().toFile()));
    }

    @Test
    void xlsxOutput_fromCsvSearch_andCsvOutput_fromExcelSearch() throws Exception {
        TestOperationContext toXlsx = TestOperationContext.of(orders(), SheetFormat.XLSX, dir.resolve("a"));
        TestOperationContext toCsv = TestOperationContext.of(orders(), SheetFormat.XLSX, dir.resolve("b"));
        String conditions = "\"conditions\":[" + condition("id", "equals", "4") + "]";

        csvSearch.execute(json.readValue("{\"output_format\":\"xlsx\"," + conditions + "}",
                CsvSearchOperation.Arguments.class), toXlsx);
        excelSearch.execute(json.readValue("{\"output_format\":\"csv\"," + conditions + "}",
                ExcelSearchOperation.Arguments.class), toCsv);

        assertEquals("orders_search.xlsx", toXlsx.outputs().get(0).displayName());
        assertArrayEquals(new Object[] {4L, null, null, null, null, null, "x"},
                TestFiles.readAll(toXlsx.outputs().get(0).path(), SheetFormat.XLSX, null).get(0));
        assertEquals("id,customer,amount,placed,paid,code,note\n4,,,,,,x\n",
                Files.readString(toCsv.outputs().get(0).path()));
    }

    @Test
    void invalidArguments_getTheReferenceMessages() {
        assertInvalid("{\"conditions\":[]}", "conditions", "At least one search condition is required");
        assertInvalid("{}", "conditions", "At least one search condition is required");
        assertInvalid("{\"logic\":\"XOR\",\"conditions\":[" + condition("a", "equals", "1") + "]}", "logic",
                "Logic must be either 'AND' or 'OR'");
        assertInvalid("{\"output_format\":\"excel\",\"conditions\":[" + condition("a", "equals", "1") + "]}",
                "output_format", "Output format must be xlsx, csv, or json");
        assertInvalid("{\"conditions\":[" + condition("a", "equals", "1") + "," + condition("a", "like", "1") + "]}",
                "conditions[1].operator", "Unsupported operator: like");
        assertInvalid("{\"conditions\":[" + condition("a", "between", "[1]") + "]}", "conditions[0].value",
                "For 'between' operator, value must be a list with [min, max]");
        assertInvalid("{\"conditions\":[" + condition("a", "between", "\"1,2\"") + "]}", "conditions[0].value",
                "For 'between' operator, value must be a list with [min, max]");
        assertInvalid("{\"conditions\":[" + condition("a", "between", "[1, \"2024-01-01\"]") + "]}",
                "conditions[0].value", "For 'between' operator, value must be a list with [min, max]");
        assertInvalid("{\"conditions\":[" + condition("a", "matches", "\"(\"") + "]}", "conditions[0].value",
                "Condition 1: the pattern of matches is not a valid regular expression: Unclosed group near index 1");
        assertInvalid("{\"conditions\":[" + condition("a", "before", "5") + "]}", "conditions[0].value",
                "Condition 1: before needs an ISO date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm:ss), got 5");
        assertInvalid("{\"conditions\":[" + condition("a", "after", "\"01/02/2024\"") + "]}", "conditions[0].value",
                "Condition 1: after needs an ISO date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm:ss), got"
                        + " '01/02/2024'");
        assertInvalid("{\"conditions\":[" + condition("a", "greater_than", "\"abc\"") + "]}", "conditions[0].value",
                "Condition 1: greater_than needs a number or an ISO date (yyyy-MM-dd), got 'abc'");
        assertInvalid("{\"conditions\":[" + condition("a", "equals", null) + "]}", "conditions[0].value",
                "Condition 1: equals needs a value (use is_empty for empty cells)");
        assertInvalid("{\"conditions\":[" + condition("a", "contains", "[1]") + "]}", "conditions[0].value",
                "Condition 1: the value of contains must be text, a number or a boolean");
        assertInvalid("{\"conditions\":[{\"operator\":\"equals\",\"value\":1}]}", "conditions[0].column",
                "Condition 1: column is required");
        assertInvalid("{\"conditions\":[{\"column\":\"a\",\"value\":1}]}", "conditions[0].operator",
                "Condition 1: operator is required");
    }

    @Test
    void unknownColumns_failTheStep() throws Exception {
        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> excelSearch.execute(
                json.readValue("{\"conditions\":[" + condition("customer", "is_empty", null) + ","
                        + condition("nope", "equals", "1") + "]}", ExcelSearchOperation.Arguments.class),
                TestOperationContext.of(orders(), SheetFormat.XLSX, dir)));

        assertEquals("Column 'nope' not found in data", failure.getMessage());
    }

    @Test
    void progressIsReportedEveryThousandRowsAndCancellationStopsIt() throws Exception {
        StringBuilder text = new StringBuilder("a\n");
        for (int i = 0; i < 2_100; i++) {
            text.append(i).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "many.csv", text.toString());
        CsvSearchOperation.Arguments arguments = json.readValue("{\"conditions\":["
                + condition("a", "greater_than", "1500") + "]}", CsvSearchOperation.Arguments.class);
        RecordingProgressReporter progress = RecordingProgressReporter.recording();
        RecordingProgressReporter cancelling = RecordingProgressReporter.cancellingAtCall(2);

        Map<String, Object> data = csvSearch.execute(arguments, TestOperationContext.of(file, SheetFormat.CSV,
                dir.resolve("one"), progress)).data();
        assertThrows(RunCancelledException.class, () -> csvSearch.execute(arguments,
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("two"), cancelling)));

        assertEquals(599L, data.get("filtered_rows"));
        assertEquals(List.of(1_000L, 2_000L, 2_100L), progress.rowsDone());
        assertEquals(List.of(1_000L, 2_000L), cancelling.rowsDone());
    }

    @Test
    void operations_haveTheReferenceNames() {
        assertEquals("excel/search", excelSearch.name());
        assertEquals("csv/search", csvSearch.name());
    }

    private void assertInvalid(String arguments, String field, String message) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> excelSearch.validate(json.readValue(arguments, ExcelSearchOperation.Arguments.class)));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }
}
