package io.sheetflow.operation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.bind.BindMultiKeyOperation;
import io.sheetflow.operation.bind.BindSettings;
import io.sheetflow.operation.bind.BindSingleKeyOperation;
import io.sheetflow.operation.bind.PositionalBindOperation;
import io.sheetflow.operation.bind.PositionalBindPreviewOperation;
import io.sheetflow.operation.excel.ExcelToCsvOperation;
import io.sheetflow.operation.json.GenerateJsonOperation;
import io.sheetflow.operation.json.GenerateJsonWithTemplateOperation;
import io.sheetflow.operation.sql.GenerateCustomSqlOperation;
import io.sheetflow.operation.sql.GenerateSqlOperation;
import io.sheetflow.operation.sql.GenerateSqlToTextOperation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generation, binding and conversion operations, as the registry sees them. */
class OperationCatalogTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<Operation<?>> operations = List.of(new GenerateSqlOperation(),
            new GenerateSqlToTextOperation(), new GenerateCustomSqlOperation(), new GenerateJsonOperation(),
            new GenerateJsonWithTemplateOperation(), new BindSingleKeyOperation(BindSettings.defaults()),
            new BindMultiKeyOperation(BindSettings.defaults()), new PositionalBindOperation(),
            new PositionalBindPreviewOperation(), new ExcelToCsvOperation());
    private final OperationRegistry registry = new OperationRegistry(operations, json);

    @Test
    void operations_haveTheReferenceNames() {
        assertEquals(List.of("excel/bind-multi-key", "excel/bind-single-key", "excel/convert-to-csv", "files/bind",
                "files/bind/preview", "json/generate", "json/generate-with-template", "sql/generate",
                "sql/generate-custom-to-text", "sql/generate-to-text"), List.copyOf(registry.names()));
        for (Operation<?> operation : operations) {
            assertTrue(operation.description().endsWith("."), operation.name());
        }
    }

    @Test
    void everyOperation_refusesUnknownArguments() {
        for (Operation<?> operation : operations) {
            InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                    () -> registry.bind(operation, json.readTree("{\"no_such_argument\": 1}")), operation.name());
            assertEquals("no_such_argument", failure.field(), operation.name());
        }
    }

    @Test
    void bindingSteps_takeTheBindFileByNameOrId() throws Exception {
        BindSingleKeyOperation.Arguments arguments = registry.bind(
                (BindSingleKeyOperation) registry.find("excel/bind-single-key").orElseThrow(), json.readTree(
                        "{\"bind_file\": \"lookup.xlsx\", \"comparison_column\": \"id\", \"bind_columns\": [\"a\"],"
                                + " \"bind_sheet_name\": \"Codes\"}"));

        assertEquals(new BindSingleKeyOperation.Arguments("lookup.xlsx", "id", List.of("a"), null, "Codes"),
                arguments);
    }
}
