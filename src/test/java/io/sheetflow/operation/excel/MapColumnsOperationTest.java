package io.sheetflow.operation.excel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.InvalidArgumentException;
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
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MapColumnsOperationTest {

    private final MapColumnsOperation operation = new MapColumnsOperation();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private Path workbook() throws Exception {
        return TestFiles.xlsx(dir, "contacts.xlsx", workbook -> {
            var sheet = workbook.createSheet("Contacts");
            TestFiles.row(sheet, 0, "Name", "Email", "Joined", "Zip", "Score");
            TestFiles.row(sheet, 1, "Ann", "ann@x.org", LocalDate.of(2024, 1, 15), new Text("02134"), 7.5);
            TestFiles.row(sheet, 2, "Bob", null, null, new Text("10001"), 3);
        });
    }

    @Test
    void rules_copyFillAndSetConstantsKeepingTypes() throws Exception {
        TestOperationContext context = TestOperationContext.of(workbook(), SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments("""
                {"mapping": {"full": "Name", "mail": {"source": "Email", "default": "N/A"},
                             "status": {"default": "Active"}, "since": "Joined", "zip": "Zip",
                             "score": {"source": "Score", "default": 0}, "tier": {"default": 1}}}"""), context)
                .data();

        assertEquals(Map.of("total_rows", 2L, "columns", List.of("full", "mail", "status", "since", "zip", "score",
                "tier"), "warnings", List.of()), data);
        OutputFile output = context.outputs().get(0);
        try (TableReader reader = TableReaders.open(output.path(), SheetFormat.XLSX, null)) {
            assertEquals(List.of("full", "mail", "status", "since", "zip", "score", "tier"), reader.header());
            assertArrayEquals(new Object[] {"Ann", "ann@x.org", "Active", LocalDate.of(2024, 1, 15), "02134", 7.5, 1L},
                    reader.nextRow());
            assertArrayEquals(new Object[] {"Bob", "N/A", "Active", null, "10001", 3L, 1L}, reader.nextRow());
            assertNull(reader.nextRow());
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(output.path().toFile())) {
            Row first = workbook.getSheet("Sheet1").getRow(1);
            assertEquals(CellType.STRING, first.getCell(4).getCellType());
            assertEquals(CellType.NUMERIC, first.getCell(5).getCellType());
            assertEquals(true, DateUtil.isCellDateFormatted(first.getCell(3)));
            assertEquals("contacts.xlsx", workbook.getSheet("Info").getRow(1).getCell(1).getStringCellValue());
        }
    }

    @Test
    void missingSourceColumns_giveEmptyOrDefaultColumnsWithWarnings() throws Exception {
        TestOperationContext context = TestOperationContext.of(workbook(), SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = operation.execute(arguments("""
                {"mapping": {"ghost": "Nope", "phone": {"source": "Phone", "default": "none"}}}"""), context).data();

        assertEquals(List.of("Source column 'Nope' for 'ghost' not found in data; the column is empty",
                "Source column 'Phone' for 'phone' not found in data; the column holds its default"),
                data.get("warnings"));
        List<Object[]> rows = TestFiles.readAll(context.outputs().get(0).path(), SheetFormat.XLSX, null);
        assertArrayEquals(new Object[] {null, "none"}, rows.get(0));
        assertArrayEquals(new Object[] {null, "none"}, rows.get(1));
    }

    @Test
    void emptyMapping_isRefused() {
        for (String arguments : List.of("{}", "{\"mapping\":{}}")) {
            InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                    () -> operation.validate(arguments(arguments)));
            assertEquals("mapping", failure.field());
            assertEquals("No column mapping provided", failure.getMessage());
        }
    }

    @Test
    void otherRuleTypes_areRefusedNamingTheTarget() {
        assertInvalid("{\"mapping\":{\"a\":5}}", "mapping.a",
                "The mapping for 'a' must be a source column name or an object with \"source\" and/or \"default\"");
        assertInvalid("{\"mapping\":{\"a\":[\"x\"]}}", "mapping.a",
                "The mapping for 'a' must be a source column name or an object with \"source\" and/or \"default\"");
        assertInvalid("{\"mapping\":{\"a\":null}}", "mapping.a",
                "The mapping for 'a' must be a source column name or an object with \"source\" and/or \"default\"");
        assertInvalid("{\"mapping\":{\"a\":{\"src\":\"x\"}}}", "mapping.a.src",
                "The mapping for 'a' has an unknown key 'src'; use \"source\" and/or \"default\"");
        assertInvalid("{\"mapping\":{\"a\":{}}}", "mapping.a",
                "The mapping for 'a' needs a \"source\", a \"default\" or both");
        assertInvalid("{\"mapping\":{\"a\":{\"source\":3}}}", "mapping.a.source",
                "The source of 'a' must be a column name");
        assertInvalid("{\"mapping\":{\"a\":{\"default\":[1]}}}", "mapping.a.default",
                "The default for 'a' must be text, a number, true, false or null");
    }

    @Test
    void progressIsReportedEveryThousandRowsAndCancellationStopsIt() throws Exception {
        StringBuilder text = new StringBuilder("a\n");
        for (int i = 0; i < 2_100; i++) {
            text.append(i).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "many.csv", text.toString());
        RecordingProgressReporter progress = RecordingProgressReporter.recording();
        RecordingProgressReporter cancelling = RecordingProgressReporter.cancellingAtCall(2);

        operation.execute(arguments("{\"mapping\":{\"b\":\"a\"}}"), TestOperationContext.of(file, SheetFormat.CSV,
                dir.resolve("first"), progress));
        assertThrows(RunCancelledException.class, () -> operation.execute(arguments("{\"mapping\":{\"b\":\"a\"}}"),
                TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("second"), cancelling)));

        assertEquals(List.of(1_000L, 2_000L, 2_100L), progress.rowsDone());
        assertEquals(List.of(1_000L, 2_000L), cancelling.rowsDone());
    }

    private void assertInvalid(String arguments, String field, String message) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> operation.validate(arguments(arguments)));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }

    private MapColumnsOperation.Arguments arguments(String text) throws Exception {
        return json.readValue(text, MapColumnsOperation.Arguments.class);
    }
}
