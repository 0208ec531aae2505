package io.sheetflow.operation.normalize;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TestFiles;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationApplyOperationTest {

    private final NormalizationApplyOperation operation = new NormalizationApplyOperation();

    @TempDir
    Path dir;

    private NormalizationFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new NormalizationFixtures(dir);
    }

    private Path people() throws Exception {
        return TestFiles.xlsx(dir, "people.xlsx", workbook -> {
            Sheet sheet = workbook.createSheet("People");
            TestFiles.row(sheet, 0, "first_name", "email", "joined", "active", "price");
            TestFiles.row(sheet, 1, "  Ann ", "Ann@X.org", "2024-01-15", "yes", "$10");
            TestFiles.row(sheet, 2, "Ann", null, LocalDate.of(2024, 2, 1), "no", "$20");
            TestFiles.row(sheet, 3, null, "bob@y.org", "15/03/2024", "Y", "$30");
            TestFiles.row(sheet, 4, "Bob", "BOB@Y.ORG", "soon", null, null);
        });
    }

    @Test
    void normalizations_writeATypedWorkbookAndTheReferenceReport() throws Exception {
        Instant before = Instant.now();
        NormalizationFixtures.Run run = fixtures.run(people(), """
                {"normalizations": [
                  {"column_name": "first_name", "normalization_type": "trim_whitespace"},
                  {"column_name": "email", "normalization_type": "EMAIL_FORMAT"},
                  {"column_name": "joined", "normalization_type": "date_format", "parameters": {"format": "%d.%m.%Y"}},
                  {"column_name": "active", "normalization_type": "boolean_convert"},
                  {"column_name": "price", "normalization_type": "currency_format"}]}""");

        Map<String, Object> report = run.data();
        assertEquals(List.of("started_at", "completed_at", "success", "total_rows", "output_rows",
                "requested_normalizations", "columns_processed", "errors", "warnings", "output_file"),
                List.copyOf(report.keySet()));
        assertFalse(Instant.parse((String) report.get("started_at")).isBefore(before.minusSeconds(1)));
        assertFalse(Instant.parse((String) report.get("completed_at"))
                .isBefore(Instant.parse((String) report.get("started_at"))));
        assertEquals(true, report.get("success"));
        assertEquals(4L, report.get("total_rows"));
        assertEquals(4L, report.get("output_rows"));
        assertEquals("people_normalized.xlsx", report.get("output_file"));
        assertEquals(List.of(), report.get("errors"));
        assertEquals(List.of("joined", "date_format", Map.of("format", "%d.%m.%Y")), List.copyOf(
                ((Map<?, ?>) list(report, "requested_normalizations").get(2)).values()));
        assertEquals(processed("first_name", "trim_whitespace", Map.of(), stats(4, 1, 3, "text"),
                stats(4, 1, 2, "text")), list(report, "columns_processed").get(0));
        assertEquals(processed("active", "boolean_convert", Map.of(), stats(4, 1, 3, "text"),
                stats(4, 1, 2, "boolean")), list(report, "columns_processed").get(3));
        assertEquals(processed("price", "currency_format", Map.of(), stats(4, 1, 3, "text"),
                stats(4, 1, 3, "integer")), list(report, "columns_processed").get(4));
        assertEquals(List.of("date_format on column 'joined': 1 value that is not a date became empty"),
                messages(report));

        try (TableReader reader = TableReaders.open(run.output(), SheetFormat.XLSX, null)) {
            assertEquals(List.of("first_name", "email", "joined", "active", "price"), reader.header());
            assertArrayEquals(new Object[] {"Ann", "ann@x.org", "15.01.2024", true, 10L}, reader.nextRow());
            assertArrayEquals(new Object[] {"Ann", null, "01.02.2024", false, 20L}, reader.nextRow());
            assertArrayEquals(new Object[] {null, "bob@y.org", "15.03.2024", true, 30L}, reader.nextRow());
            assertArrayEquals(new Object[] {"Bob", "bob@y.org", null, null, null}, reader.nextRow());
            assertNull(reader.nextRow());
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(run.output().toFile())) {
            Row first = workbook.getSheet("Sheet1").getRow(1);
            assertEquals(CellType.STRING, first.getCell(2).getCellType());
            assertEquals(CellType.BOOLEAN, first.getCell(3).getCellType());
            assertEquals(CellType.NUMERIC, first.getCell(4).getCellType());
            assertEquals("people.xlsx", workbook.getSheet("Info").getRow(1).getCell(1).getStringCellValue());
        }
    }

    @Test
    void missingColumns_areWarningsAndTheOthersStillApply() throws Exception {
        NormalizationFixtures.Run run = fixtures.run(people(), """
                {"normalizations": [
                  {"column_name": "nope", "normalization_type": "uppercase"},
                  {"column_name": "email", "normalization_type": "uppercase"}]}""");

        assertEquals(List.of("Column 'nope' not found"), messages(run.data()));
        assertEquals(2, list(run.data(), "requested_normalizations").size());
        assertEquals(1, list(run.data(), "columns_processed").size());
        assertEquals(true, run.data().get("success"));
        assertEquals(Arrays.asList("ANN@X.ORG", null, "BOB@Y.ORG", "BOB@Y.ORG"),
                NormalizationFixtures.outputColumn(run, 1));
    }

    @Test
    void withoutReport_theResultHasCountsWarningsAndTheFile() throws Exception {
        NormalizationFixtures.Run run = fixtures.run(people(), """
                {"return_report": false, "normalizations": [
                  {"column_name": "nope", "normalization_type": "uppercase"}]}""");

        assertEquals(List.of("success", "total_rows", "output_rows", "warnings", "output_file"),
                List.copyOf(run.data().keySet()));
        assertEquals(List.of("Column 'nope' not found"), messages(run.data()));
    }

    @Test
    void backupOriginal_keepsTheInputValuesInANewColumn() throws Exception {
        NormalizationFixtures.Run run = fixtures.run(people(), """
                {"normalizations": [
                  {"column_name": "first_name", "normalization_type": "trim_whitespace"},
                  {"column_name": "first_name", "normalization_type": "uppercase", "backup_original": true},
                  {"column_name": "joined", "normalization_type": "date_extract_year", "backup_original": true}]}""");

        List<Object[]> rows = TestFiles.readAll(run.output(), SheetFormat.XLSX, null);
        try (TableReader reader = TableReaders.open(run.output(), SheetFormat.XLSX, null)) {
            assertEquals(List.of("first_name", "email", "joined", "active", "price", "first_name_original",
                    "joined_original"), reader.header());
        }
        assertArrayEquals(new Object[] {"ANN", "  Ann ", 2024L, "2024-01-15"},
                new Object[] {rows.get(0)[0], rows.get(0)[5], rows.get(0)[2], rows.get(0)[6]});
        assertEquals(LocalDate.of(2024, 2, 1), rows.get(1)[6]);
    }

    @Test
    void statistics_areTakenOverTheValuesAsTheyReachTheNormalization() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "prices.csv", """
                sku,price,qty
                a,$10,1
                a,$1000,100
                b,$20,3
                c,$30,5
                """);

        NormalizationFixtures.Run run = fixtures.run(file, """
                {"normalizations": [
                  {"column_name": "sku", "normalization_type": "remove_duplicates"},
                  {"column_name": "price", "normalization_type": "currency_format"},
                  {"column_name": "price", "normalization_type": "min_max_scale"},
                  {"column_name": "qty", "normalization_type": "z_score"},
                  {"column_name": "qty", "normalization_type": "min_max_scale"}]}""");

        assertEquals(List.of(0L, 0.5, 1L), NormalizationFixtures.outputColumn(run, 1));
        assertEquals(List.of(0L, 0.5, 1L), NormalizationFixtures.outputColumn(run, 2));
        assertEquals(4L, run.data().get("total_rows"));
        assertEquals(3L, run.data().get("output_rows"));
        Map<?, ?> dedupe = (Map<?, ?>) list(run.data(), "columns_processed").get(0);
        assertEquals(stats(4, 0, 3, "text"), dedupe.get("before_stats"));
        assertEquals(stats(3, 0, 3, "text"), dedupe.get("after_stats"));
    }

    @Test
    void noNormalizations_isAnInvalidArgument() {
        for (String arguments : List.of("{}", "{\"normalizations\":[]}")) {
            InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                    () -> operation.validate(NormalizationFixtures.arguments(arguments)));
            assertEquals("normalizations", failure.field());
            assertEquals("No normalization configurations provided", failure.getMessage());
        }
    }

    @Test
    void unknownTypes_areRefusedUpFrontListingTheValidOnes() {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class, () -> operation.validate(
                NormalizationFixtures.arguments("""
                        {"normalizations": [{"column_name": "a", "normalization_type": "uppercase"},
                                            {"column_name": "a", "normalization_type": "shout"}]}""")));

        assertEquals("normalizations[1].normalization_type", failure.field());
        assertEquals("Invalid normalization type: 'shout'. Valid types are: "
                + String.join(", ", NormalizationTypes.names()), failure.getMessage());
        assertTrue(failure.getMessage().contains("categorical_mapping, remove_duplicates"));
    }

    @Test
    void incompleteRequestsAndUnknownParameters_areInvalidArguments() {
        assertInvalid("{\"normalizations\":[{\"normalization_type\":\"uppercase\"}]}",
                "normalizations[0].column_name", "Normalization 1: column_name is required");
        assertInvalid("{\"normalizations\":[{\"column_name\":\"a\"}]}",
                "normalizations[0].normalization_type", "Normalization 1: normalization_type is required");
        assertInvalid("{\"normalizations\":[null]}", "normalizations[0]", "Normalization 1 must be an object");
        assertInvalid("""
                {"normalizations":[{"column_name":"a","normalization_type":"round_decimal",
                                    "parameters":{"decimal":1}}]}""",
                "normalizations[0].parameters.decimal",
                "Unknown parameter 'decimal' for round_decimal. Known parameters: decimals");
        assertInvalid("""
                {"normalizations":[{"column_name":"a","normalization_type":"uppercase","parameters":{"x":1}}]}""",
                "normalizations[0].parameters.x", "Unknown parameter 'x' for uppercase. uppercase takes no parameters");
        assertInvalid("""
                {"normalizations":[{"column_name":"a","normalization_type":"round_decimal",
                                    "parameters":{"decimals":1.5}}]}""",
                "normalizations[0].parameters.decimals", "Parameter 'decimals' of round_decimal must be an integer");
        assertInvalid("""
                {"normalizations":[{"column_name":"a","normalization_type":"outlier_removal",
                                    "parameters":{"multiplier":-1}}]}""",
                "normalizations[0].parameters.multiplier",
                "Parameter 'multiplier' of outlier_removal must be a finite number of at least 0");
    }

    @Test
    void csvAndLegacyWorkbookInputs_areNormalizedToo() throws Exception {
        Path csv = TestFiles.writeUtf8(dir, "names.csv", "name\no'neil\n");
        Path xls = TestFiles.xls(dir, "names.xls", workbook -> {
            Sheet sheet = workbook.createSheet("S");
            TestFiles.row(sheet, 0, "name");
            TestFiles.row(sheet, 1, "o'neil");
        });
        String arguments = "{\"normalizations\":[{\"column_name\":\"name\",\"normalization_type\":\"title_case\"}]}";

        assertEquals(List.of("O'Neil"), NormalizationFixtures.outputColumn(fixtures.run(csv, arguments), 0));
        assertEquals(List.of("O'Neil"), NormalizationFixtures.outputColumn(fixtures.run(xls, arguments), 0));
    }

    @Test
    void sheetName_choosesTheSheet() throws Exception {
        Path file = TestFiles.xlsx(dir, "two.xlsx", workbook -> {
            TestFiles.row(workbook.createSheet("A"), 0, "x");
            Sheet b = workbook.createSheet("B");
            TestFiles.row(b, 0, "name");
            TestFiles.row(b, 1, "ann");
        });

        NormalizationFixtures.Run run = fixtures.run(file, "{\"sheet_name\":\"B\",\"normalizations\":"
                + "[{\"column_name\":\"name\",\"normalization_type\":\"uppercase\"}]}");

        assertEquals(List.of("ANN"), NormalizationFixtures.outputColumn(run, 0));
    }

    @Test
    void progressGrowsThroughEveryPassAndEndsAtTheRowCount() throws Exception {
        Path file = manyRows();
        RecordingProgressReporter onePass = RecordingProgressReporter.recording();
        RecordingProgressReporter twoPasses = RecordingProgressReporter.recording();

        operation.execute(NormalizationFixtures.arguments(
                "{\"normalizations\":[{\"column_name\":\"a\",\"normalization_type\":\"round_decimal\"}]}"),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("one"), onePass));
        operation.execute(NormalizationFixtures.arguments(
                "{\"normalizations\":[{\"column_name\":\"a\",\"normalization_type\":\"z_score\"}]}"),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("two"), twoPasses));

        assertEquals(List.of(1_000L, 2_000L, 2_100L), onePass.rowsDone());
        assertEquals(List.of(500L, 1_000L, 1_550L, 2_050L, 2_100L), twoPasses.rowsDone());
        assertEquals(new RecordingProgressReporter.Report(2_100, 2_100), twoPasses.reports().get(4));
        assertEquals(2_100L, twoPasses.reports().get(2).rowsTotal());
    }

    @Test
    void cancellation_stopsTheStatisticsPassAndTheWritingPass() throws Exception {
        Path file = manyRows();
        RecordingProgressReporter inStatistics = RecordingProgressReporter.cancellingAtCall(1);
        RecordingProgressReporter inWriting = RecordingProgressReporter.cancellingAtCall(3);
        String arguments = "{\"normalizations\":[{\"column_name\":\"a\",\"normalization_type\":\"z_score\"}]}";

        assertThrows(RunCancelledException.class, () -> operation.execute(NormalizationFixtures.arguments(arguments),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("one"), inStatistics)));
        assertThrows(RunCancelledException.class, () -> operation.execute(NormalizationFixtures.arguments(arguments),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("two"), inWriting)));

        assertEquals(List.of(500L), inStatistics.rowsDone());
        assertEquals(List.of(500L, 1_000L, 1_550L), inWriting.rowsDone());
    }

    @Test
    void aRunawayPatternFailsTheStepNamingColumnAndRow() throws Exception {
        Path file = fixtures.column(List.of("fine", "a,".repeat(40) + "x"));

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> fixtures.run(file,
                "{\"normalizations\":[{\"column_name\":\"v\",\"normalization_type\":\"remove_special_chars\","
                        + "\"parameters\":{\"pattern\":\"^(.*?,){11}P\"}}]}"));

        assertEquals("remove_special_chars on column 'v' was stopped: its pattern took longer than 100 ms on data"
                + " row 2 (catastrophic backtracking); simplify the pattern", failure.getMessage());
    }

    private Path manyRows() throws Exception {
        StringBuilder text = new StringBuilder("a\n");
        for (int i = 0; i < 2_100; i++) {
            text.append(i % 50).append('\n');
        }
        return TestFiles.writeUtf8(dir, "many.csv", text.toString());
    }

    private void assertInvalid(String arguments, String field, String message) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> operation.validate(NormalizationFixtures.arguments(arguments)));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> data, String key) {
        return (List<Object>) data.get(key);
    }

    private static List<Object> messages(Map<String, Object> data) {
        return list(data, "warnings").stream().<Object>map(w -> {
            Map<?, ?> warning = (Map<?, ?>) w;
            assertEquals(List.of("message", "timestamp"), List.copyOf(warning.keySet()));
            Instant.parse((String) warning.get("timestamp"));
            return warning.get("message");
        }).toList();
    }

    private static Map<String, Object> stats(long total, long nulls, long unique, String type) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("total_values", total);
        stats.put("null_count", nulls);
        stats.put("unique_count", unique);
        stats.put("data_type", type);
        return stats;
    }

    private static Map<String, Object> processed(String column, String type, Map<String, Object> parameters,
                                                 Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("column_name", column);
        item.put("normalization_type", type);
        item.put("parameters", parameters);
        item.put("before_stats", before);
        item.put("after_stats", after);
        item.put("success", true);
        return item;
    }
}
