package io.sheetflow.recipe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.operation.bind.BindSettings;
import io.sheetflow.operation.bind.BindSingleKeyOperation;
import io.sheetflow.operation.bind.PositionalBindOperation;
import io.sheetflow.operation.excel.MapColumnsOperation;
import io.sheetflow.operation.json.GenerateJsonOperation;
import io.sheetflow.operation.normalize.NormalizationApplyOperation;
import io.sheetflow.operation.sql.GenerateSqlOperation;
import io.sheetflow.workflow.ExecuteRequest.StepRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which columns a recipe needs from its input, and what a column map renames, operation by operation. */
class RecipeColumnsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final RecipeColumns columns = new RecipeColumns(new OperationRegistry(List.of(
            new BindSingleKeyOperation(BindSettings.defaults()), new PositionalBindOperation(),
            new MapColumnsOperation(), new GenerateJsonOperation(), new NormalizationApplyOperation(),
            new GenerateSqlOperation()), json));

    private StepRequest step(String operation, String arguments) throws Exception {
        return new StepRequest(operation, json.readTree(arguments));
    }

    @Test
    void bindFileColumns_areNotRequired_butTheKeyIs_andBoundColumnsServeLaterSteps() throws Exception {
        List<StepRequest> steps = List.of(
                step("excel/bind-single-key", "{\"bind_file\": \"c.csv\", \"comparison_column\": \"id\", \"bind_columns\": [\"city\"]}"),
                step("json/generate", "{\"columns\": [\"city\", \"name\"], \"column_mapping\": {\"name\": \"Name\"}}"));
        assertEquals(List.of("id", "name"), columns.required(steps));
    }

    @Test
    void renaming_followsDeclaredArguments_andLeavesGeneratedNamesAlone() throws Exception {
        List<StepRequest> steps = List.of(
                step("normalization/apply", "{\"normalizations\": [{\"column_name\": \"mail\", \"normalization_type\": \"lowercase\"}]}"),
                step("files/bind", "{\"bind_file\": \"b.csv\", \"column_mapping\": {\"mail\": \"mail\"}}"),
                step("sql/generate", "{\"table_name\": \"t\", \"column_mapping\": {\"mail\": \"mail\"}}"),
                step("json/generate", "{\"column_mapping\": {\"mail\": \"mail\"}}"));
        List<StepRequest> renamed = columns.renamed(steps, Map.of("mail", "E-mail"));
        assertEquals("E-mail", renamed.get(0).arguments().at("/normalizations/0/column_name").asText());
        assertEquals("{\"E-mail\":\"mail\"}", renamed.get(1).arguments().get("column_mapping").toString(),
                "the bind target is the input's column; the source is the bind file's");
        assertEquals("{\"mail\":\"E-mail\"}", renamed.get(2).arguments().get("column_mapping").toString(),
                "the SQL column keeps its name");
        assertEquals("{\"E-mail\":\"mail\"}", renamed.get(3).arguments().get("column_mapping").toString(),
                "the JSON key keeps its name");
        assertEquals("mail", steps.get(0).arguments().at("/normalizations/0/column_name").asText(), "a copy is renamed");
    }

    @Test
    void aColumnMadeByAnEarlierStep_isNeitherRequiredNorRenamed() throws Exception {
        List<StepRequest> steps = List.of(
                step("excel/map-columns", "{\"mapping\": {\"Total\": {\"source\": \"Amount\"}, \"Amount\": \"Net\"}}"),
                step("json/generate", "{\"columns\": [\"Total\", \"Amount\"]}"));
        assertEquals(List.of("Amount", "Net"), columns.required(steps));
        List<StepRequest> renamed = columns.renamed(steps, Map.of("Amount", "Gross"));
        assertEquals("{\"Total\":{\"source\":\"Gross\"},\"Amount\":\"Net\"}", renamed.get(0).arguments().get("mapping").toString());
        assertEquals("[\"Total\",\"Amount\"]", renamed.get(1).arguments().get("columns").toString());
    }
}
