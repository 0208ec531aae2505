package io.sheetflow.operation;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.excel.ExtractColumnsOperation;
import io.sheetflow.operation.excel.MapColumnsOperation;
import io.sheetflow.operation.normalize.NormalizationApplyOperation;
import io.sheetflow.operation.search.CsvSearchOperation;
import io.sheetflow.operation.search.ExcelSearchOperation;
import io.sheetflow.operation.search.SearchCondition;
import io.sheetflow.operation.search.SuggestOperatorsOperation;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The new operations' arguments, bound strictly by the registry as a workflow step's JSON is. */
class CatalogArgumentsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final OperationRegistry registry = new OperationRegistry(List.of(new ExtractColumnsOperation(),
            new MapColumnsOperation(), new NormalizationApplyOperation(), new ExcelSearchOperation(),
            new CsvSearchOperation(), new SuggestOperatorsOperation()), json);

    private <A> A bind(String name, String arguments) throws Exception {
        @SuppressWarnings("unchecked")
        Operation<A> operation = (Operation<A>) registry.find(name).orElseThrow();
        return registry.bind(operation, json.readTree(arguments));
    }

    private InvalidArgumentException invalid(String name, String arguments) {
        return assertThrows(InvalidArgumentException.class, () -> bind(name, arguments));
    }

    @Test
    void operations_areRegisteredUnderTheReferenceNames() {
        assertEquals(List.of("csv/search", "excel/extract-columns", "excel/map-columns", "excel/search",
                "excel/search/suggest-operators", "normalization/apply"), List.copyOf(registry.names()));
    }

    @Test
    void defaults_applyWhenArgumentsAreAbsent() throws Exception {
        ExtractColumnsOperation.Arguments extract = bind("excel/extract-columns", "{\"columns\":[\"a\"]}");
        ExcelSearchOperation.Arguments excel = bind("excel/search",
                "{\"conditions\":[{\"column\":\"a\",\"operator\":\"is_empty\"}]}");
        CsvSearchOperation.Arguments csv = bind("csv/search",
                "{\"conditions\":[{\"column\":\"a\",\"operator\":\"is_empty\"}]}");
        NormalizationApplyOperation.Arguments normalize = bind("normalization/apply",
                "{\"normalizations\":[{\"column_name\":\"a\",\"normalization_type\":\"uppercase\"}]}");

        assertFalse(extract.removeDuplicates());
        assertTrue(extract.includeStatistics());
        assertNull(extract.sheetName());
        assertEquals("AND", excel.logic());
        assertEquals("xlsx", excel.outputFormat());
        assertEquals("csv", csv.outputFormat());
        assertTrue(normalize.returnReport());
        assertFalse(normalize.normalizations().get(0).backupOriginal());
        assertEquals(0, normalize.normalizations().get(0).parameters().size());
    }

    @Test
    void unknownArguments_areRejectedAtEveryLevel_namedByTheirFullPath() {
        assertEquals("Unknown argument 'remove_dupes'. Known arguments: columns, include_statistics,"
                + " remove_duplicates, sheet_name", invalid("excel/extract-columns",
                "{\"columns\":[\"a\"],\"remove_dupes\":true}").getMessage());
        assertEquals("conditions[0].colum", invalid("excel/search", "{\"conditions\":[{\"colum\":\"a\",\"operator\":\"x\"}]}")
                .field());
        assertEquals("normalizations[0].type", invalid("normalization/apply",
                "{\"normalizations\":[{\"column_name\":\"a\",\"type\":\"uppercase\"}]}").field());
        assertEquals("output", invalid("excel/map-columns", "{\"mapping\":{\"a\":\"b\"},\"output\":1}").field());
        assertEquals("sheet", invalid("excel/search/suggest-operators", "{\"sheet\":\"x\"}").field());
    }

    @Test
    void wrongTypes_nameTheArgument() {
        InvalidArgumentException columns = invalid("excel/extract-columns", "{\"columns\":\"a\"}");
        InvalidArgumentException conditions = invalid("csv/search", "{\"conditions\":{\"column\":\"a\"}}");
        InvalidArgumentException mapping = invalid("excel/map-columns", "{\"mapping\":[\"a\"]}");

        assertEquals("columns", columns.field());
        assertEquals("Argument 'columns' has the wrong type: expected an array", columns.getMessage());
        assertEquals("conditions", conditions.field());
        assertEquals("mapping", mapping.field());
    }

    @Test
    void validation_runsAtBindingWithTheOperationsMessages() {
        assertEquals("No normalization configurations provided",
                invalid("normalization/apply", "{\"normalizations\":[]}").getMessage());
        assertEquals("Unsupported operator: like", invalid("excel/search",
                "{\"conditions\":[{\"column\":\"a\",\"operator\":\"like\",\"value\":1}]}").getMessage());
        assertEquals("No column mapping provided", invalid("excel/map-columns", "{}").getMessage());
    }

    @Test
    void everyArgument_isDescribedForSchemaGeneration() throws Exception {
        for (Class<?> type : List.of(ExtractColumnsOperation.Arguments.class, MapColumnsOperation.Arguments.class,
                NormalizationApplyOperation.Arguments.class, NormalizationApplyOperation.Normalization.class,
                ExcelSearchOperation.Arguments.class, CsvSearchOperation.Arguments.class, SearchCondition.class,
                SuggestOperatorsOperation.Arguments.class)) {
            for (RecordComponent component : type.getRecordComponents()) {
                JsonPropertyDescription description = type.getDeclaredField(component.getName())
                        .getAnnotation(JsonPropertyDescription.class);
                assertNotNull(description, type.getName() + "." + component.getName());
                assertFalse(description.value().isBlank());
            }
        }
    }
}
