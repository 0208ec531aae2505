package io.sheetflow.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.TestFiles;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET .../files/id/{file_id}/profile}: column profiles of uploads and run outputs. */
@MicronautTest(transactional = false)
class ProfileApiTest extends ServerTest {

    private static final String PEOPLE = String.join("\n",
            "id,name,score,active,joined,notes,nothing",
            "1,Alice,1.5,true,2024-01-03,,",
            "2,Bob,2,false,2024-02-10,x,",
            "3,alice,n/a,true,2023-12-31,,",
            "4,Alice,3.25,true,not a date,  ,",
            "5,,4,false,2024-01-03,y,") + "\n";

    static String profile(String chat, String fileId, String query) {
        return "/api/v1/chat/workflows/" + chat + "/files/id/" + fileId + "/profile" + query;
    }

    private String upload(String chat, String name, byte[] content) {
        Answer uploaded = api().upload(chat, name, content);
        assertEquals(200, uploaded.status(), uploaded.body().toString());
        return uploaded.data().get("file_id").asText();
    }

    private static JsonNode column(JsonNode profile, String name) {
        for (JsonNode column : profile.get("columns")) {
            if (column.get("name").asText().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("no column " + name + " in " + profile);
    }

    /** {@code [[value, count], ...]} of a column's top values, as text. */
    private static List<String> top(JsonNode column) {
        List<String> top = new ArrayList<>();
        column.get("top").forEach(t -> top.add(t.get("value").asText() + "=" + t.get("count").asLong()));
        return top;
    }

    private static void assertCounts(JsonNode column, String type, long count, long blank, long mismatched,
                                     long distinct) {
        String name = column.get("name").asText();
        assertEquals(type, column.get("type").asText(), name);
        assertEquals(count, column.get("count").asLong(), name);
        assertEquals(blank, column.get("blank").asLong(), name);
        assertEquals(mismatched, column.get("mismatched").asLong(), name);
        assertEquals(distinct, column.get("distinct").asLong(), name);
        assertTrue(column.get("distinct_exact").asBoolean(), name);
        assertTrue(column.get("top_exact").asBoolean(), name);
    }

    @Test
    void profileOfACsv_hasExactTypesBlanksDistinctRangesAndTopValues() {
        String chat = api().createChat();
        String fileId = upload(chat, "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8));

        Answer answer = api().get(profile(chat, fileId, ""));
        assertEquals(200, answer.status(), answer.body().toString());
        JsonNode data = answer.data();
        assertEquals(5, data.get("rows").asLong());
        assertEquals("csv", data.get("format").asText());
        assertEquals(7, data.get("columns").size());
        assertFalse(data.get("cached").asBoolean());

        JsonNode id = column(data, "id");
        assertCounts(id, "integer", 5, 0, 0, 5);
        assertEquals(1, id.get("min").asLong());
        assertTrue(id.get("max").isIntegralNumber());
        assertEquals(5, id.get("max").asLong());
        assertEquals(List.of("1=1", "2=1", "3=1", "4=1", "5=1"), top(id));

        JsonNode name = column(data, "name");
        assertCounts(name, "text", 4, 1, 0, 3);
        assertEquals(List.of("Alice=2", "Bob=1", "alice=1"), top(name));
        assertTrue(name.get("min").isNull());

        JsonNode score = column(data, "score");
        assertCounts(score, "number", 5, 0, 1, 5);
        assertEquals(1.5, score.get("min").asDouble());
        assertEquals(4.0, score.get("max").asDouble());

        JsonNode active = column(data, "active");
        assertCounts(active, "boolean", 5, 0, 0, 2);
        assertEquals(List.of("true=3", "false=2"), top(active));
        assertTrue(active.get("top").get(0).get("value").isBoolean());

        JsonNode joined = column(data, "joined");
        assertCounts(joined, "date", 5, 0, 1, 4);
        assertEquals("2023-12-31", joined.get("min").asText());
        assertEquals("2024-02-10", joined.get("max").asText());
        assertEquals("2024-01-03=2", top(joined).get(0));

        assertCounts(column(data, "notes"), "text", 2, 3, 0, 2);
        JsonNode nothing = column(data, "nothing");
        assertCounts(nothing, "empty", 0, 5, 0, 0);
        assertEquals(0, nothing.get("top").size());
    }

    @Test
    void secondRequest_isAnsweredFromTheCache() {
        String chat = api().createChat();
        String fileId = upload(chat, "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8));

        JsonNode first = api().get(profile(chat, fileId, "")).data();
        JsonNode second = api().get(profile(chat, fileId, "")).data();
        assertFalse(first.get("cached").asBoolean());
        assertTrue(second.get("cached").asBoolean());
        assertEquals(first.get("computed_at"), second.get("computed_at"));
        assertEquals(first.get("columns"), second.get("columns"));
    }

    @Test
    void sheetName_picksTheWorksheet_andAnUnknownSheetIsRefusedByName() throws Exception {
        String chat = api().createChat();
        String fileId = upload(chat, "typed.xlsx", java.nio.file.Files.readAllBytes(TestFiles.typedWorkbook(dataDir)));

        JsonNode second = api().get(profile(chat, fileId, "?sheet_name=Second")).data();
        assertEquals("Second", second.get("sheet_name").asText());
        assertEquals("a", second.get("columns").get(0).get("name").asText());
        assertEquals("integer", second.get("columns").get(0).get("type").asText());
        JsonNode first = api().get(profile(chat, fileId, "")).data();
        assertEquals("Data", first.get("sheet_name").asText());
        assertEquals("date", column(first, "joined").get("type").asText());

        Answer unknown = api().get(profile(chat, fileId, "?sheet_name=Nope"));
        assertEquals(422, unknown.status(), unknown.body().toString());
        assertTrue(unknown.message().contains("'Nope'"), unknown.message());
    }

    @Test
    void runOutputs_haveProfilesToo() {
        String chat = api().createChat();
        upload(chat, "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8));
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"normalization/apply\",\"arguments\":{\"normalizations\":"
                        + "[{\"column_name\":\"name\",\"normalization_type\":\"uppercase\"}]}}]}");
        assertEquals(200, run.status(), run.body().toString());
        String outputId = run.data().get("steps").get(0).get("output_files").get(0).get("file_id").asText();

        JsonNode output = api().get(profile(chat, outputId, "")).data();
        assertEquals("xlsx", output.get("format").asText());
        assertEquals(5, output.get("rows").asLong());
        JsonNode name = column(output, "name");
        assertEquals(List.of("ALICE=3", "BOB=1"), top(name));
        assertEquals(2, name.get("distinct").asLong());
    }

    @Test
    void unknownFiles_areNotFound_andNonTablesAreRefused() {
        String chat = api().createChat();
        Answer missing = api().get(profile(chat, UUID.randomUUID().toString(), ""));
        assertEquals(404, missing.status());
        assertEquals("File not found", missing.message());
        assertEquals(404, api().get(profile(chat, "not-a-uuid", "")).status());

        String jsonId = upload(chat, "data.json", "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8));
        Answer json = api().get(profile(chat, jsonId, ""));
        assertEquals(415, json.status(), json.body().toString());
        assertTrue(json.message().contains("data.json"), json.message());

        String fileId = upload(chat, "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8));
        assertEquals(401, api().withToken(null).get(profile(chat, fileId, "")).status());
    }
}
