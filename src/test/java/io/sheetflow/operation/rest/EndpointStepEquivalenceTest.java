package io.sheetflow.operation.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ApiClient.Part;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** For each file-producing operation: the stateless endpoint and the workflow step give the same output. */
@MicronautTest
class EndpointStepEquivalenceTest extends ServerTest {
    private static final String DATA = """
            id,name,email,age,joined,code
            1,Ann Lee,Ann@Example.com,34,2024-01-15,007
            2,Bob,bob@example.com,17,,010
            3,Çelik Ünal,,45,2023-12-31,
            3,Çelik Ünal,,45,2023-12-31,
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "excel/extract-columns-to-file => {\"columns\": [\"code\", \"name\"], \"remove_duplicates\": true}",
            "excel/map-columns => {\"mapping\": {\"person\": \"name\", \"years\": {\"source\": \"age\", \"default\": 0}, \"country\": {\"default\": \"NO\"}}}",
            "csv/search => {\"conditions\": [{\"column\": \"name\", \"operator\": \"contains\", \"value\": \"ü\"}], \"output_format\": \"xlsx\"}",
            "excel/search => {\"conditions\": [{\"column\": \"age\", \"operator\": \"less_than\", \"value\": 40}, {\"column\": \"email\", \"operator\": \"is_empty\"}], \"logic\": \"OR\", \"output_format\": \"csv\"}",
            "csv/convert-to-excel => {\"sheet_name\": \"Data\"}",
            "sql/generate-to-text => {\"table_name\": \"people\", \"column_mapping\": {\"id\": \"id\", \"name\": \"name\", \"joined\": \"joined\"}, \"database_type\": \"mysql\"}",
            "sql/generate-custom-to-text => {\"template\": \"INSERT INTO t VALUES ({id:int}, {name}, {email|none});\", \"column_mapping\": {\"id\": \"id\", \"name\": \"name\", \"email\": \"email\"}}",
            "json/generate => {\"null_handling\": \"exclude\", \"pretty_print\": false}",
            "json/generate-with-template => {\"template\": {\"who\": \"{name}\", \"age\": \"{age:int}\"}, \"column_mapping\": {\"name\": \"name\", \"age\": \"age\"}, \"aggregation_mode\": \"array\"}",
    })
    void endpointAndStep_giveTheSameOutput(String operation, String argumentsJson) throws Exception {
        JsonNode arguments = ApiClient.JSON.readTree(argumentsJson);
        List<Part> parts = new ArrayList<>();
        parts.add(Part.file("file", "people.csv", DATA.getBytes(StandardCharsets.UTF_8)));
        for (Iterator<Map.Entry<String, JsonNode>> it = arguments.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            parts.add(Part.field(field.getKey(), value.isContainerNode() ? value.toString() : value.asText()));
        }
        Answer endpoint = api().postForm("/api/v1/" + operation, parts.toArray(Part[]::new));
        assertEquals(200, endpoint.status(), endpoint.body().toString());
        JsonNode endpointFile = endpoint.data().get("output_files").get(0);

        String chat = api().createChat();
        api().upload(chat, "people.csv", DATA.getBytes(StandardCharsets.UTF_8));
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\": [{\"operation\": \"" + operation + "\", \"arguments\": " + argumentsJson + "}]}");
        assertEquals("completed", run.data().get("status").asText(), run.body().toString());
        JsonNode stepFile = run.data().get("steps").get(0).get("output_files").get(0);

        assertEquals(stepFile.get("filename").asText(), endpointFile.get("filename").asText());
        byte[] fromEndpoint = api().download(endpointFile.get("download_url").asText()).body();
        byte[] fromStep = api().download(stepFile.get("download_url").asText()).body();
        String name = endpointFile.get("filename").asText();
        if (name.endsWith(".xlsx")) {
            List<Object[]> a = rows(fromEndpoint, "a.xlsx");
            List<Object[]> b = rows(fromStep, "b.xlsx");
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(b.get(i), a.get(i), "row " + i);
            }
        } else {
            assertEquals(withoutTimestamps(fromStep), withoutTimestamps(fromEndpoint));
        }
        assertEquals(withoutVolatile(run.data().get("steps").get(0).get("result")), withoutVolatile(endpoint.data()));
    }

    private List<Object[]> rows(byte[] content, String name) throws Exception {
        Path file = Files.write(dataDir.resolve(name), content);
        List<Object[]> rows = new ArrayList<>();
        try (TableReader reader = TableReaders.open(file, SheetFormat.XLSX, new ReadOptions(null, null))) {
            for (Object[] row; (row = reader.nextRow()) != null; ) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Generated SQL starts with a "-- Generated at" comment line. */
    private static String withoutTimestamps(byte[] content) {
        return new String(content, StandardCharsets.UTF_8).replaceAll("(?m)^-- Generated at.*$", "");
    }

    /** The result fields both share, without file links. */
    private static JsonNode withoutVolatile(JsonNode result) {
        var copy = result.deepCopy();
        if (copy instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.remove(List.of("download_url", "output_files", "generated_at"));
        }
        return copy;
    }
}
