package io.sheetflow.operation.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TestFiles;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ApiClient.Part;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pycelize's stateless endpoints over the real server: multipart in, result and download URLs out. */
@MicronautTest(transactional = false)
class StatelessEndpointsTest extends ServerTest {
    private static final String PEOPLE = """
            id,name,email,age,code
            1,Ann,ann@example.com,34,007
            2,Bob,bob@example.com,17,010
            3,Cy,,45,
            """;

    @Inject
    StatelessOutputRepository outputs;
    @Inject
    StatelessOperations operations;

    private static Part people() {
        return Part.file("file", "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvInfo_returnsTypedColumnInfo() {
        Answer info = api().postForm("/api/v1/csv/info", people());
        assertEquals(200, info.status(), info.body().toString());
        assertEquals("CSV file information retrieved successfully", info.message());
        assertEquals(3, info.data().get("rows").asInt());
        assertEquals(List.of("id", "name", "email", "age", "code"), texts(info.data().get("column_names")));
        assertFalse(info.data().has("download_url"), "info writes no file");
    }

    @Test
    void extractColumnsToFile_returnsADownloadUrl_whoseFileHoldsTypedCells() throws Exception {
        Answer answer = api().postForm("/api/v1/excel/extract-columns-to-file", people(),
                Part.field("columns", "[\"code\", \"age\"]"), Part.field("remove_duplicates", "false"));
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals("Extracted Excel file generated successfully", answer.message());
        String url = answer.data().get("download_url").asText();
        assertTrue(url.contains("/api/v1/files/downloads/"), url);
        assertEquals("people_extracted.xlsx", answer.data().get("output_files").get(0).get("filename").asText());

        List<Object[]> rows = rows(download(url, "extracted.xlsx"), SheetFormat.XLSX);
        assertEquals(3, rows.size());
        assertArrayEquals(new Object[]{"007", 34L}, rows.get(0), "leading zeros stay text, numbers stay numbers");
        assertArrayEquals(new Object[]{null, 45L}, rows.get(2), "empty cells stay empty");
    }

    @Test
    void endpointAndWorkflowStep_produceTheSameCells() throws Exception {
        String normalizations = """
                [{"column_name": "name", "normalization_type": "uppercase"},
                 {"column_name": "email", "normalization_type": "fill_null_values", "parameters": {"value": "none"}}]""";
        Answer endpoint = api().postForm("/api/v1/normalization/apply", people(), Part.field("normalizations", normalizations));
        assertEquals(200, endpoint.status(), endpoint.body().toString());

        String chat = api().createChat();
        api().upload(chat, "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8));
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\": [{\"operation\": \"normalization/apply\", \"arguments\": {\"normalizations\": " + normalizations + "}}]}");
        assertEquals("completed", run.data().get("status").asText(), run.body().toString());
        String stepUrl = run.data().get("steps").get(0).get("output_files").get(0).get("download_url").asText();

        List<Object[]> fromEndpoint = rows(download(endpoint.data().get("download_url").asText(), "a.xlsx"), SheetFormat.XLSX);
        List<Object[]> fromStep = rows(download(stepUrl, "b.xlsx"), SheetFormat.XLSX);
        assertEquals(fromStep.size(), fromEndpoint.size());
        for (int i = 0; i < fromStep.size(); i++) {
            assertArrayEquals(fromStep.get(i), fromEndpoint.get(i), "row " + i);
        }
        assertArrayEquals(new Object[]{3L, "CY", "none", 45L, null}, fromEndpoint.get(2));
        assertEquals(run.data().get("steps").get(0).get("result").get("report"),
                endpoint.data().get("report"));
    }

    @Test
    void search_asJson_reportsMatchesInTheMessage_andWritesJson() throws Exception {
        Answer answer = api().postForm("/api/v1/csv/search", people(),
                Part.field("conditions", "[{\"column\": \"age\", \"operator\": \"greater_than\", \"value\": 18}]"),
                Part.field("logic", "and"), Part.field("output_format", "json"), Part.field("output_filename", "../../adults"));
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals("Search completed successfully. 2 rows matched.", answer.message());
        assertEquals("adults.json", answer.data().get("output_files").get(0).get("filename").asText(),
                "output_filename is sanitised: no path survives");
        JsonNode json = ApiClient.JSON.readTree(api().download(answer.data().get("download_url").asText()).body());
        assertEquals(2, json.size());
        assertEquals(45, json.get(1).get("age").asInt());
    }

    @Test
    void bindSingleKey_takesTheSourceAndBindFileFields() throws Exception {
        Path prices = TestFiles.writeUtf8(dataDir, "prices.csv", "id,price\n1,9.5\n3,12\n");
        Answer answer = api().postForm("/api/v1/excel/bind-single-key",
                Part.file("source_file", "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8)), Part.file("bind_file", prices),
                Part.field("comparison_column", "id"), Part.field("bind_columns", "[\"price\"]"));
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals(2, answer.data().get("matched_rows").asInt(), answer.data().toString());
        List<Object[]> rows = rows(download(answer.data().get("download_url").asText(), "bound.xlsx"), SheetFormat.XLSX);
        assertEquals(9.5, ((Number) rows.get(0)[5]).doubleValue());
        assertEquals(null, rows.get(1)[5]);
    }

    @Test
    void bindPreview_takesTheTargetAndSourceFileFields() {
        Answer answer = api().postForm("/api/v1/files/bind/preview",
                Part.file("target_file", "target.csv", "full_name,mail\n,\n".getBytes(StandardCharsets.UTF_8)),
                Part.file("source_file", "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8)),
                Part.field("column_mapping", "{\"full_name\": \"name\", \"mail\": \"nope\"}"));
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals("Binding preview generated", answer.message());
        assertFalse(answer.data().get("mapping_valid").asBoolean());
        assertTrue(answer.data().get("issues").toString().contains("nope"), answer.data().toString());
    }

    @Test
    void sqlGenerate_returnsTheStatementsInline_byDefault() {
        Answer answer = api().postForm("/api/v1/sql/generate",
                Part.file("file", "people.csv", "id,name\n1,O'Brien\n2,semi;colon\n".getBytes(StandardCharsets.UTF_8)),
                Part.field("table_name", "people"), Part.field("column_mapping", "{\"id\": \"id\", \"name\": \"name\"}"));
        assertEquals(200, answer.status(), answer.body().toString());
        List<String> statements = texts(answer.data().get("statements"));
        assertEquals(List.of("BEGIN;", "INSERT INTO \"people\" (\"id\", \"name\") VALUES (1, 'O''Brien');",
                "INSERT INTO \"people\" (\"id\", \"name\") VALUES (2, 'semi;colon');", "COMMIT;"), statements);
        assertTrue(answer.data().get("success").asBoolean());
        assertTrue(answer.data().has("download_url"));
    }

    @Test
    void missingFile_isA422NamingTheField_andLeavesNothingStored() {
        long before = outputs.count();
        Answer answer = api().postForm("/api/v1/excel/extract-columns-to-file", Part.field("columns", "[\"a\"]"));
        assertEquals(422, answer.status());
        assertEquals("file", answer.data().get("details").get("field").asText());
        assertEquals(before, outputs.count());
    }

    @Test
    void malformedJsonField_isA422NamingTheField() {
        Answer answer = api().postForm("/api/v1/excel/extract-columns", people(), Part.field("columns", "[\"id\""));
        assertEquals(422, answer.status());
        assertEquals("columns", answer.data().get("details").get("field").asText());
        assertTrue(answer.message().startsWith("Field 'columns' must be a JSON array"), answer.message());
    }

    @Test
    void unknownFieldAndMissingColumn_andCorruptXlsx_getClear4xx() {
        Answer unknown = api().postForm("/api/v1/excel/extract-columns", people(), Part.field("columns", "[\"id\"]"),
                Part.field("colums", "x"));
        assertEquals(422, unknown.status());
        assertTrue(unknown.message().contains("Unknown argument 'colums'"), unknown.message());

        Answer missing = api().postForm("/api/v1/excel/extract-columns-to-file", people(), Part.field("columns", "[\"nope\"]"));
        assertEquals(422, missing.status());
        assertTrue(missing.message().contains("nope"), missing.message());

        byte[] corrupt = "PK\u0003\u0004 this is not a workbook".getBytes(StandardCharsets.ISO_8859_1);
        Answer broken = api().postForm("/api/v1/excel/info", Part.file("file", "broken.xlsx", corrupt));
        assertTrue(broken.status() >= 400 && broken.status() < 500, broken.body().toString());
        assertEquals(200, api().get("/api/v1/health").status());
    }

    @Test
    void anotherUser_cannotDownloadMyOutput_andExpiredOutputsAreSwept() throws Exception {
        Answer mine = api().postForm("/api/v1/csv/convert-to-excel", people());
        assertEquals(200, mine.status(), mine.body().toString());
        String url = mine.data().get("download_url").asText();
        assertEquals(200, api().download(url).statusCode());

        Answer key = api().post("/api/v1/admin/api-keys", "{\"user\": \"mallory\"}");
        ApiClient mallory = api().withToken(key.data().get("api_key").asText());
        assertEquals(404, mallory.download(url).statusCode());

        UUID id = UUID.fromString(mine.data().get("output_files").get(0).get("file_id").asText());
        StatelessOutput output = outputs.findById(id).orElseThrow();
        outputs.update(new StatelessOutput(output.id(), output.owner(), output.operation(), output.displayName(),
                output.objectKey(), output.contentType(), output.sizeBytes(), output.sha256(), output.createdAt(),
                Instant.now().minusSeconds(1)));
        assertEquals(404, api().download(url).statusCode(), "expired outputs are not served");
        assertTrue(operations.sweepExpired() >= 1);
        assertTrue(outputs.findById(id).isEmpty());
        assertFalse(Files.exists(objectsDir().resolve(output.objectKey())), "the object is deleted with the row");
    }

    private Path download(String url, String name) throws Exception {
        var response = api().download(url);
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return Files.write(dataDir.resolve(name), response.body());
    }

    private static List<Object[]> rows(Path file, SheetFormat format) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (TableReader reader = TableReaders.open(file, format, new ReadOptions(null, null))) {
            for (Object[] row; (row = reader.nextRow()) != null; ) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
