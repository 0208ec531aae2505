package io.sheetflow.operation;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class OperationCatalogApiTest extends ServerTest {

    @Test
    void everyOperation_isListedWithTheSchemaOfItsArguments() {
        JsonNode operations = api().get("/api/v1/operations").data().get("operations");
        Map<String, JsonNode> byName = new HashMap<>();
        operations.forEach(o -> byName.put(o.get("name").asText(), o));
        assertTrue(byName.keySet().containsAll(java.util.List.of("excel/info", "csv/info",
                "excel/extract-columns-to-file", "csv/convert-to-excel")), byName.keySet().toString());
        byName.values().forEach(o -> {
            assertFalse(o.get("description").asText().isBlank());
            assertEquals("object", o.get("arguments_schema").get("type").asText());
            assertFalse(o.get("arguments_schema").get("additionalProperties").asBoolean(true),
                    "unknown arguments are refused, and the schema says so");
        });
        JsonNode extract = byName.get("excel/extract-columns-to-file").get("arguments_schema").get("properties");
        assertEquals("array", extract.get("columns").get("type").asText());
        assertEquals("string", extract.get("columns").get("items").get("type").asText());
        assertEquals("boolean", extract.get("remove_duplicates").get("type").asText());
        assertEquals("string", byName.get("csv/convert-to-excel").get("arguments_schema").get("properties")
                .get("sheet_name").get("type").asText());
    }

    @Test
    void normalizationTypes_mapEachNameToItsDescription_asTheReference() {
        var types = api().get("/api/v1/normalization/types");
        assertEquals(200, types.status());
        assertEquals(25, types.body().get("total").asInt(), types.data().toString());
        assertTrue(types.data().get("lowercase").isTextual(), types.data().toString());
        assertEquals("Text in lower case.", types.data().get("lowercase").asText());
        types.data().forEach(description -> assertTrue(description.isTextual() && !description.asText().isEmpty()));
        assertEquals(422, api().get("/api/v1/normalization/types?detail=maybe").status());
    }

    @Test
    void normalizationTypesInDetail_andSqlDatabases_areListed() {
        var types = api().get("/api/v1/normalization/types?detail=true");
        assertEquals(200, types.status());
        assertEquals(25, types.body().get("total").asInt(), types.data().toString());
        assertTrue(types.data().has("trim_whitespace"));
        assertEquals("Text in lower case.", types.data().get("lowercase").get("description").asText());
        JsonNode round = types.data().get("round_decimal").get("parameters").get(0);
        assertEquals("decimals", round.get("name").asText());
        assertEquals(2, round.get("default").asInt());
        assertEquals(java.util.List.of("postgresql", "mysql", "sqlite"),
                textValues(api().get("/api/v1/sql/databases").data().get("databases")));
    }

    private static java.util.List<String> textValues(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
