package io.sheetflow.operation.excel;

import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExcelToCsvOperationTest {

    private final ExcelToCsvOperation operation = new ExcelToCsvOperation();

    @TempDir
    Path dir;

    @Test
    void typedWorkbook_becomesCsvInPlainNotation() throws Exception {
        TestOperationContext context = TestOperationContext.of(TestFiles.typedWorkbook(dir), SheetFormat.XLSX,
                dir.resolve("out"));

        Map<String, Object> data = operation.execute(new ExcelToCsvOperation.Arguments(null), context).data();

        assertEquals(Map.of("rows", 4L, "columns", 12, "sheet_name", "Data"), data);
        assertEquals("typed_converted.csv", context.outputs().get(0).displayName());
        assertEquals("""
                name,qty,price,joined,updated,code,active,name.1,Unnamed: 8,total,label,broken
                Zoë,3,25.5,2024-01-15,2024-01-15 10:30:00,021201,true,first dup,no header,76.5,id-Zoë,
                北京 😀,10,30,2023-12-31,2023-12-31 23:59:59,007,false,second,,300,id-北京 😀,
                ,,,,,,,,,,,
                Hello World,,-1.25,,,,false,,,,,
                """, Files.readString(context.outputs().get(0).path()));
    }

    @Test
    void quotesAndFormulaLikeText_areEscapedAndNeutralised() throws Exception {
        Path file = TestFiles.xls(dir, "legacy.xls", workbook -> {
            var sheet = workbook.createSheet("S");
            TestFiles.row(sheet, 0, "text", "n");
            TestFiles.row(sheet, 1, "O'Brien, \"Bob\"", 1.0E7);
            TestFiles.row(sheet, 2, "=SUM(A1)", 0.1);
            TestFiles.row(sheet, 3, "C:\\temp\nline", -5);
        });
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.XLS, dir.resolve("out"));

        operation.execute(new ExcelToCsvOperation.Arguments(""), context);

        assertEquals("text,n\n\"O'Brien, \"\"Bob\"\"\",10000000\n'=SUM(A1),0.1\n\"C:\\temp\nline\",-5\n",
                Files.readString(context.outputs().get(0).path()));
    }

    @Test
    void sheetName_choosesTheSheet() throws Exception {
        TestOperationContext context = TestOperationContext.of(TestFiles.typedWorkbook(dir), SheetFormat.XLSX,
                dir.resolve("out"));

        Map<String, Object> data = operation.execute(new ExcelToCsvOperation.Arguments("second"), context).data();

        assertEquals("Second", data.get("sheet_name"));
        assertEquals("a,b\n1,x\n", Files.readString(context.outputs().get(0).path()));
    }

    @Test
    void csvInput_failsNamingWhatItNeeds() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "a.csv", "a\n1\n");

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> operation.execute(
                new ExcelToCsvOperation.Arguments(null), TestOperationContext.of(file, SheetFormat.CSV, dir)));

        assertEquals("excel/convert-to-csv needs an Excel input (.xlsx or .xls), got csv", failure.getMessage());
    }

    @Test
    void progress_isReportedWithIncreasingCountsAndCancellationStopsTheStep() throws Exception {
        Path file = TestFiles.xlsx(dir, "many.xlsx", workbook -> {
            var sheet = workbook.createSheet("S");
            TestFiles.row(sheet, 0, "n");
            for (int i = 1; i <= 2_100; i++) {
                TestFiles.row(sheet, i, i);
            }
        });
        RecordingProgressReporter progress = RecordingProgressReporter.recording();

        operation.execute(new ExcelToCsvOperation.Arguments(null), TestOperationContext.of(file, SheetFormat.XLSX,
                dir.resolve("a"), progress));
        assertThrows(RunCancelledException.class, () -> operation.execute(new ExcelToCsvOperation.Arguments(null),
                TestOperationContext.of(file, SheetFormat.XLSX, dir.resolve("b"),
                        RecordingProgressReporter.cancellingAtCall(2))));

        assertEquals(List.of(1_000L, 2_000L, 2_100L), progress.rowsDone());
    }
}
