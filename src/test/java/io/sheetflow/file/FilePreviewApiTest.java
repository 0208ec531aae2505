package io.sheetflow.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.TestFiles;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET .../files/id/{file_id}/rows} and {@code .../text}: previews of stored files for the web UI. */
@MicronautTest(transactional = false)
class FilePreviewApiTest extends ServerTest {

    private static String rows(String chat, String fileId, String query) {
        return "/api/v1/chat/workflows/" + chat + "/files/id/" + fileId + "/rows" + query;
    }

    private static String text(String chat, String fileId, String query) {
        return "/api/v1/chat/workflows/" + chat + "/files/id/" + fileId + "/text" + query;
    }

    private String upload(ApiClient client, String chat, String name, Path file) {
        Answer uploaded = client.upload(chat, name, file);
        assertEquals(200, uploaded.status(), uploaded.body().toString());
        return uploaded.data().get("file_id").asText();
    }

    @Test
    void rowsOfAWorkbook_areTypedJsonValuesWithTheSheetsAndColumnTypes() throws Exception {
        String chat = api().createChat();
        String fileId = upload(api(), chat, "typed.xlsx", TestFiles.typedWorkbook(dataDir));

        Answer page = api().get(rows(chat, fileId, ""));
        assertEquals(200, page.status(), page.body().toString());
        JsonNode data = page.data();
        assertEquals("xlsx", data.get("format").asText());
        assertEquals("Data", data.get("sheet_name").asText());
        assertEquals(List.of("Data", "Second"), texts(data.get("sheet_names")));
        assertEquals("name", data.get("columns").get(0).asText());
        assertEquals("integer", data.get("column_types").get("qty").asText());
        assertEquals("date", data.get("column_types").get("joined").asText());

        JsonNode first = data.get("rows").get(0);
        assertTrue(first.get(0).isTextual());
        assertEquals("Zoë", first.get(0).asText());
        assertTrue(first.get(1).isIntegralNumber(), first.toString());
        assertEquals(3, first.get(1).asLong());
        assertTrue(first.get(2).isFloatingPointNumber(), first.toString());
        assertEquals(25.5, first.get(2).asDouble());
        assertEquals("2024-01-15", first.get(3).asText());
        assertEquals("2024-01-15T10:30", first.get(4).asText());
        assertTrue(first.get(5).isTextual(), "text with a leading zero stays text");
        assertEquals("021201", first.get(5).asText());
        assertTrue(first.get(6).isBoolean());
        assertTrue(first.get(6).asBoolean());
        assertTrue(first.get(11).isNull(), "an error cell is empty");
        assertTrue(data.get("rows").get(2).get(0).isNull(), "a missing interior row is a row of nulls");

        assertEquals(4, data.get("rows_returned").asInt());
        assertEquals(4, page.body().get("total").asInt());
        assertFalse(data.get("has_more").asBoolean());
        assertEquals(4, data.get("total_rows").asLong());

        JsonNode second = api().get(rows(chat, fileId, "?sheet_name=Second")).data();
        assertEquals(List.of("a", "b"), texts(second.get("columns")));
        assertEquals(1, second.get("rows").get(0).get(0).asLong());
        assertEquals("x", second.get("rows").get(0).get(1).asText());
    }

    @Test
    void rowsOfACsv_arePagedByOffsetAndLimit() {
        String chat = api().createChat();
        String fileId = upload(api(), chat, "people.csv", Csv.people(dataDir, 250));

        JsonNode first = api().get(rows(chat, fileId, "?offset=0&limit=100")).data();
        assertEquals(List.of("id", "name", "email", "age", "signup_date", "status"), texts(first.get("columns")));
        assertEquals(100, first.get("rows").size());
        assertEquals(1, first.get("rows").get(0).get(0).asLong());
        assertEquals("2024-02-02", first.get("rows").get(0).get(4).asText());
        assertEquals(100, first.get("rows").get(99).get(0).asLong());
        assertTrue(first.get("has_more").asBoolean());
        assertTrue(first.get("total_rows").isNull(), "not known before the end");
        assertTrue(first.get("estimated_total_rows").asLong() > 0);

        JsonNode last = api().get(rows(chat, fileId, "?offset=200&limit=100")).data();
        assertEquals(200, last.get("offset").asLong());
        assertEquals(50, last.get("rows").size());
        assertEquals(201, last.get("rows").get(0).get(0).asLong());
        assertFalse(last.get("has_more").asBoolean());
        assertEquals(250, last.get("total_rows").asLong());

        JsonNode beyond = api().get(rows(chat, fileId, "?offset=1000")).data();
        assertEquals(0, beyond.get("rows").size());
        assertEquals(250, beyond.get("total_rows").asLong());

        JsonNode headerOnly = api().get(rows(chat, fileId, "?limit=1")).data();
        assertEquals(6, headerOnly.get("columns").size());
        assertEquals(1, headerOnly.get("rows").size());

        for (String bad : List.of("?limit=0", "?limit=1001", "?offset=-1", "?limit=ten")) {
            Answer refused = api().get(rows(chat, fileId, bad));
            assertEquals(422, refused.status(), bad + " " + refused.body());
        }
    }

    @Test
    void anotherUsersFile_isNotFound_andAnonymousCallersAreRefused() {
        ApiClient alice = api().withToken(createKey("alice"));
        ApiClient bob = api().withToken(createKey("bob"));
        String aliceChat = alice.createChat();
        String fileId = upload(alice, aliceChat, "secret.csv", Csv.people(dataDir, 5));
        assertEquals(200, alice.get(rows(aliceChat, fileId, "")).status());

        assertEquals(404, bob.get(rows(aliceChat, fileId, "")).status());
        assertEquals(404, bob.get(text(aliceChat, fileId, "")).status());
        String bobChat = bob.createChat();
        Answer crossChat = bob.get(rows(bobChat, fileId, ""));
        assertEquals(404, crossChat.status(), "a file id of another conversation is not found in yours");
        assertEquals("File not found", crossChat.message());
        assertEquals(404, alice.get(rows(aliceChat, java.util.UUID.randomUUID().toString(), "")).status());
        assertEquals(404, alice.get(rows(aliceChat, "not-a-uuid", "")).status());
        assertEquals(401, api().withToken(null).get(rows(aliceChat, fileId, "")).status());
    }

    @Test
    void textPreview_ofAJsonOutput_isCutAtTheLimitAndTablesOnlyGiveRows() throws Exception {
        String chat = api().createChat();
        upload(api(), chat, "people.csv", Csv.people(dataDir, 30));
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"json/generate\",\"arguments\":{\"pretty_print\":false}}]}");
        assertEquals(200, run.status(), run.body().toString());
        JsonNode output = run.data().get("steps").get(0).get("output_files").get(0);
        String jsonId = output.get("file_id").asText();

        JsonNode whole = api().get(text(chat, jsonId, "")).data();
        assertFalse(whole.get("truncated").asBoolean());
        assertEquals("json", whole.get("format").asText());
        JsonNode parsed = ApiClient.JSON.readTree(whole.get("text").asText());
        assertEquals(30, parsed.size());
        assertEquals(1, parsed.get(0).get("id").asLong());

        JsonNode cut = api().get(text(chat, jsonId, "?max_bytes=100")).data();
        assertTrue(cut.get("truncated").asBoolean());
        assertEquals(100, cut.get("bytes_returned").asInt());
        assertEquals(whole.get("text").asText().substring(0, 100), cut.get("text").asText());

        Answer notATable = api().get(rows(chat, jsonId, ""));
        assertEquals(415, notATable.status(), notATable.body().toString());
    }

    @Test
    void textPreview_neverEndsInAHalfCharacter() throws Exception {
        String chat = api().createChat();
        Path csv = Files.write(dataDir.resolve("names.csv"), "name\nZoë\n".getBytes(StandardCharsets.UTF_8));
        String fileId = upload(api(), chat, "names.csv", csv);
        JsonNode cut = api().get(text(chat, fileId, "?max_bytes=8")).data(); // ends between the two bytes of ë
        assertEquals("name\nZo", cut.get("text").asText());
        assertTrue(cut.get("truncated").asBoolean());
        assertEquals("name\nZoë\n", api().get(text(chat, fileId, "")).data().get("text").asText());
    }

    private String createKey(String user) {
        Answer created = api().post("/api/v1/admin/api-keys", "{\"user\":\"" + user + "\",\"name\":\"preview test\"}");
        assertEquals(201, created.status(), created.body().toString());
        return created.data().get("api_key").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
