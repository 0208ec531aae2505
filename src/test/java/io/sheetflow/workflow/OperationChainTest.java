package io.sheetflow.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several operations chained on one upload over the real server; every output checked. */
@MicronautTest
class OperationChainTest extends ServerTest {
    private static final String PEOPLE = """
            id,first_name,email,age,status
            1,  ann ,Ann.Lee@Example.COM,34,active
            2,bob,bob@example.com,17,inactive
            3,  cy,CY@EXAMPLE.com,45,active
            4,dee,dee@example.com,52,pending
            """;

    @Test
    void extractSearchNormalizeJson_producesFourDownloadableOutputs() throws Exception {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8)).status());
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", """
                {"steps": [
                  {"operation": "excel/extract-columns-to-file", "arguments": {"columns": ["id", "first_name", "email", "age"]}},
                  {"operation": "excel/search", "arguments": {"conditions": [{"column": "age", "operator": "greater_than", "value": 18}]}},
                  {"operation": "normalization/apply", "arguments": {"normalizations": [
                     {"column_name": "first_name", "normalization_type": "trim_whitespace"},
                     {"column_name": "email", "normalization_type": "lowercase"}]}},
                  {"operation": "json/generate", "arguments": {"pretty_print": false}}
                ]}""");
        assertEquals(200, run.status(), run.body().toString());
        JsonNode data = run.data();
        assertEquals("completed", data.get("status").asText(), data.toString());

        List<String> urls = new ArrayList<>();
        data.get("steps").forEach(step -> urls.add(step.get("output_files").get(0).get("download_url").asText()));
        assertEquals(4, urls.size());

        List<Object[]> extracted = rows(download(urls.get(0), "extracted.xlsx"));
        assertEquals(4, extracted.size());
        assertArrayEquals(new Object[]{1L, "  ann ", "Ann.Lee@Example.COM", 34L}, extracted.get(0));

        List<Object[]> adults = rows(download(urls.get(1), "search.xlsx"));
        assertEquals(List.of(1L, 3L, 4L), adults.stream().map(r -> r[0]).toList());
        assertEquals(3, data.get("steps").get(1).get("result").get("filtered_rows").asInt());

        List<Object[]> normalized = rows(download(urls.get(2), "normalized.xlsx"));
        assertArrayEquals(new Object[]{1L, "ann", "ann.lee@example.com", 34L}, normalized.get(0));
        assertArrayEquals(new Object[]{3L, "cy", "cy@example.com", 45L}, normalized.get(1));

        JsonNode json = ApiClient.JSON.readTree(api().download(urls.get(3)).body());
        assertEquals(3, json.size());
        assertEquals("ann.lee@example.com", json.get(0).get("email").asText());
        assertTrue(json.get(0).get("age").isIntegralNumber(), "numbers stay numbers all the way through");
        assertEquals(52, json.get(2).get("age").asInt());
    }

    @Test
    void executeThatEndsWithinWait_carriesTheReferencesResults_eachStepsResultAndDownloadUrl() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8)).status());
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", """
                {"steps": [
                  {"operation": "excel/extract-columns", "arguments": {"columns": ["id", "age"]}},
                  {"operation": "excel/search", "arguments": {"conditions": [{"column": "age", "operator": "greater_than", "value": 18}]}}
                ]}""");
        assertEquals(200, run.status(), run.body().toString());
        JsonNode data = run.data();
        assertEquals("completed", data.get("status").asText(), data.toString());
        assertTrue(data.has("run_id") && data.has("steps") && data.has("links"), "our fields stay: " + data);

        JsonNode results = data.get("results");
        assertEquals(2, results.size(), data.toString());
        JsonNode extract = results.get(0);
        assertEquals("excel/extract-columns", extract.get("operation").asText());
        assertEquals("completed", extract.get("status").asText());
        assertTrue(extract.get("download_url").isNull(), "a step without an output file has no download_url");
        assertEquals(data.get("steps").get(0).get("result"), extract.get("result"));

        JsonNode search = results.get(1);
        assertEquals(3, search.get("result").get("filtered_rows").asInt(), search.toString());
        String url = search.get("download_url").asText();
        assertEquals(data.get("steps").get(1).get("output_files").get(0).get("download_url").asText(), url);
        assertEquals(200, api().download(url).statusCode());

        Answer accepted = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\": [{\"operation\": \"excel/extract-columns\", \"arguments\": {\"columns\": [\"id\"]}}]}");
        assertEquals(202, accepted.status(), accepted.body().toString());
        assertTrue(!accepted.data().has("results"), "an accepted run has no results yet");
    }

    @Test
    void catastrophicRegex_inASearch_failsTheStepWithinItsTimeBound_andTheServerStaysHealthy() {
        String chat = api().createChat();
        String line = "a,".repeat(40) + "b";
        api().upload(chat, "csv.csv", ("text\n\"" + line + "\"\n\"" + line + "\"\n").getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", """
                {"steps": [{"operation": "csv/search",
                  "arguments": {"conditions": [{"column": "text", "operator": "matches", "value": "^(.*?,){11}P"}]}}]}""");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("failed", run.data().get("status").asText(), run.body().toString());
        assertTrue(run.data().get("error").asText().contains("catastrophic backtracking"), run.data().get("error").asText());
        assertTrue(millis < 30_000, "cut off, not left running: " + millis + " ms");
        assertEquals(200, api().get("/api/v1/health").status());

        Answer invalid = api().post("/api/v1/chat/workflows/" + chat + "/execute", """
                {"steps": [{"operation": "csv/search",
                  "arguments": {"conditions": [{"column": "text", "operator": "matches", "value": "(unclosed"}]}}]}""");
        assertEquals(422, invalid.status());
    }

    private Path download(String url, String name) throws Exception {
        return Files.write(dataDir.resolve(name), api().download(url).body());
    }

    private static List<Object[]> rows(Path xlsx) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (TableReader reader = TableReaders.open(xlsx, SheetFormat.XLSX, new ReadOptions(null, null))) {
            for (Object[] row; (row = reader.nextRow()) != null; ) {
                rows.add(row);
            }
        }
        return rows;
    }
}
