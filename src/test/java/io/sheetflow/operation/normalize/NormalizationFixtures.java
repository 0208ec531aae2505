package io.sheetflow.operation.normalize;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.apache.poi.ss.usermodel.Sheet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs normalization/apply on small typed workbooks built in the test, and reads the output back. */
final class NormalizationFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private int runs;

    NormalizationFixtures(Path dir) {
        this.dir = dir;
    }

    /** A workbook with columns {@code id} (1, 2, ...) and {@code v} holding {@code values} (null: an empty cell). */
    Path column(List<?> values) throws Exception {
        return TestFiles.xlsx(Files.createDirectories(dir.resolve("in" + (++runs))), "data.xlsx", workbook -> {
            Sheet sheet = workbook.createSheet("Data");
            TestFiles.row(sheet, 0, "id", "v");
            for (int i = 0; i < values.size(); i++) {
                TestFiles.row(sheet, i + 1, i + 1, values.get(i));
            }
        });
    }

    /** The {@code v} column after one normalization of {@code type} with {@code parameters} (a JSON object). */
    List<Object> normalize(List<?> values, String type, String parameters) throws Exception {
        return outputColumn(run(column(values), "{\"normalizations\":[{\"column_name\":\"v\","
                + "\"normalization_type\":\"" + type + "\",\"parameters\":" + parameters + "}]}"), 1);
    }

    Run run(Path input, String arguments) throws Exception {
        TestOperationContext context = TestOperationContext.of(input, SheetFormat.fromFileName(input.toString())
                .orElseThrow(), dir.resolve("out" + (++runs)));
        StepResult result = new NormalizationApplyOperation().execute(arguments(arguments), context);
        return new Run(result.data(), context.outputs().get(0).path());
    }

    static NormalizationApplyOperation.Arguments arguments(String json) throws Exception {
        return JSON.readValue(json, NormalizationApplyOperation.Arguments.class);
    }

    static List<Object> outputColumn(Run run, int column) throws Exception {
        List<Object> values = new ArrayList<>();
        for (Object[] row : TestFiles.readAll(run.output(), SheetFormat.XLSX, null)) {
            values.add(row[column]);
        }
        return values;
    }

    record Run(Map<String, Object> data, Path output) {
    }
}
