package io.sheetflow.preview;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST .../preview over the real server: per-step outputs and summaries on a sample, nothing recorded. */
@MicronautTest
class WorkflowPreviewTest extends ServerTest {
    static final String SCORES = """
            id,name,email,score
            1,Ann,ANN@X.COM,10
            2,Bob,bob@x.com,20
            3,Cy,cy@X.com,30
            4,Di,di@x.com,40
            """;
    static final String SEARCH = """
            {"operation": "csv/search", "arguments": {"conditions": [{"column": "score", "operator": "greater_than",
             "value": 15}], "output_format": "csv"}}""";
    static final String LOWERCASE = """
            {"operation": "normalization/apply", "arguments": {"normalizations":
             [{"column_name": "email", "normalization_type": "lowercase"}]}}""";
    static final String EXTRACT = """
            {"operation": "excel/extract-columns-to-file", "arguments": {"columns": ["name", "email"]}}""";

    @Override
    protected java.util.Map<String, String> extraProperties() {
        return java.util.Map.of("sheetflow.preview.max-row-chars", "1000");
    }

    static String path(String chat) {
        return "/api/v1/chat/workflows/" + chat;
    }

    static String body(String inputFile, Integer rows, String... steps) {
        return "{\"steps\": [" + String.join(",", steps) + "], \"input_file\": \"" + inputFile + "\""
                + (rows == null ? "" : ", \"rows\": " + rows) + "}";
    }

    String chatWithScores() {
        String chat = api().createChat();
        Answer upload = api().upload(chat, "scores.csv", SCORES.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, upload.status(), upload.body().toString());
        return chat;
    }

    @Test
    void preview_answersEachStepsColumnsRowsAndSummary() {
        String chat = chatWithScores();
        Answer answer = api().post(path(chat) + "/preview", body("scores.csv", null, SEARCH, LOWERCASE, EXTRACT));
        assertEquals(200, answer.status(), answer.body().toString());
        JsonNode data = answer.data();
        assertEquals(4, data.get("rows_sampled").asInt());
        assertFalse(data.get("input_has_more").asBoolean());
        assertEquals(List.of("id", "name", "email", "score"), strings(data.get("input_columns")));
        JsonNode steps = data.get("steps");
        assertEquals(3, steps.size());

        JsonNode search = steps.get(0);
        assertEquals("csv/search", search.get("operation").asText());
        assertEquals("table", search.get("output").asText());
        assertEquals("scores_search.csv", search.get("output_filename").asText());
        assertEquals(List.of("id", "name", "email", "score"), strings(search.get("columns")));
        assertEquals("[[2,\"Bob\",\"bob@x.com\",20],[3,\"Cy\",\"cy@X.com\",30],[4,\"Di\",\"di@x.com\",40]]",
                search.get("rows").toString());
        assertSummary(search.get("summary"), 4, 3, null, List.of(), List.of());

        JsonNode lowercase = steps.get(1);
        assertEquals("table", lowercase.get("output").asText());
        assertEquals("[[2,\"Bob\",\"bob@x.com\",20],[3,\"Cy\",\"cy@x.com\",30],[4,\"Di\",\"di@x.com\",40]]",
                lowercase.get("rows").toString());
        assertSummary(lowercase.get("summary"), 3, 3, 1L, List.of(), List.of());

        JsonNode extract = steps.get(2);
        assertEquals(List.of("name", "email"), strings(extract.get("columns")));
        assertEquals("[[\"Bob\",\"bob@x.com\"],[\"Cy\",\"cy@x.com\"],[\"Di\",\"di@x.com\"]]", extract.get("rows").toString());
        assertEquals("text", extract.get("column_types").get("name").asText(), extract.toString());
        assertSummary(extract.get("summary"), 3, 3, 0L, List.of(), List.of("id", "score"));
        assertEquals(extract.get("summary"), data.get("summary"), "the workflow's summary is the last step's");
    }

    @Test
    void preview_createsNoRunEventMessageOrFile() {
        String chat = chatWithScores();
        int events = events(chat);
        int messages = api().get(path(chat) + "/messages").data().get("messages").size();
        int files = api().get(path(chat) + "/files").data().get("files").size();
        long objects = countObjects();
        List<Path> dataFiles = dataFiles();

        Answer answer = api().post(path(chat) + "/preview", body("scores.csv", 2, SEARCH, LOWERCASE, EXTRACT));
        assertEquals(200, answer.status(), answer.body().toString());

        assertEquals(0, api().get(path(chat) + "/runs").data().get("count").asInt());
        assertEquals(events, events(chat));
        assertEquals(messages, api().get(path(chat) + "/messages").data().get("messages").size());
        assertEquals(files, api().get(path(chat) + "/files").data().get("files").size());
        assertEquals(objects, countObjects());
        List<Path> after = dataFiles();
        assertEquals(dataFiles.stream().filter(p -> !p.toString().contains("/db/")).toList(),
                after.stream().filter(p -> !p.toString().contains("/db/")).toList(),
                "no file outside the database is left (its temporary folder is deleted)");
    }

    @Test
    void preview_readsTwentyRowsByDefault() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", Csv.people(dataDir, 50)).status());
        Answer answer = api().post(path(chat) + "/preview", body("people.csv", null, "{\"operation\": \"csv/info\"}"));
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals(20, answer.data().get("rows_requested").asInt());
        assertEquals(20, answer.data().get("rows_sampled").asInt());
        assertTrue(answer.data().get("input_has_more").asBoolean());
        JsonNode info = answer.data().get("steps").get(0);
        assertEquals("none", info.get("output").asText());
        assertEquals(20, info.get("result").get("rows").asInt(), info.toString());
        assertEquals(20, info.get("summary").get("rows_in").asInt());
    }

    @Test
    void preview_refusesRowsOutOfRange() {
        String chat = chatWithScores();
        for (int rows : new int[]{0, 1001}) {
            Answer answer = api().post(path(chat) + "/preview", body("scores.csv", rows, SEARCH));
            assertEquals(422, answer.status(), answer.body().toString());
            assertEquals("rows", answer.data().get("details").get("field").asText());
        }
    }

    @Test
    void preview_refusesAnUnknownOperationNamingIt() {
        String chat = chatWithScores();
        Answer answer = api().post(path(chat) + "/preview", body("scores.csv", null, SEARCH, "{\"operation\": \"excel/teleport\"}"));
        assertEquals(422, answer.status(), answer.body().toString());
        assertEquals("steps[1].operation", answer.data().get("details").get("field").asText());
        assertTrue(answer.message().contains("excel/teleport"), answer.message());
    }

    @Test
    void preview_refusesAnUnknownColumnNamingIt() {
        String chat = chatWithScores();
        String missing = "{\"operation\": \"excel/extract-columns-to-file\", \"arguments\": {\"columns\": [\"salary\"]}}";
        Answer answer = api().post(path(chat) + "/preview", body("scores.csv", null, SEARCH, missing));
        assertEquals(422, answer.status(), answer.body().toString());
        assertEquals("steps[1]", answer.data().get("details").get("field").asText());
        assertTrue(answer.message().startsWith("Step 2 (excel/extract-columns-to-file)"), answer.message());
        assertTrue(answer.message().contains("salary"), answer.message());
    }

    @Test
    void preview_answers422ForAnUnknownInputFileNamingIt_asExecuteDoes() {
        String chat = chatWithScores();
        Answer answer = api().post(path(chat) + "/preview", body("nope.csv", null, SEARCH));
        assertEquals(422, answer.status(), answer.body().toString());
        assertEquals("input_file", answer.data().get("details").get("field").asText());
        assertTrue(answer.message().contains("nope.csv"), answer.message());
    }

    @Test
    void aSuggestionOfTheAssistant_carriesAPreviewOfItsResult() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", Csv.people(dataDir, 30)).status());
        Answer accepted = api().post(path(chat) + "/messages", ApiClient.JSON.createObjectNode()
                .put("text", "take email and name from people.csv and give me a CSV").toString());
        assertEquals(202, accepted.status(), accepted.body().toString());
        String replyId = accepted.data().get("reply_id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> replyEvent(chat, replyId) != null);
        JsonNode preview = replyEvent(chat, replyId).get("suggestion").get("preview");
        assertTrue(preview.isObject(), replyEvent(chat, replyId).toString());
        assertFalse(preview.has("error"), preview.toString());
        assertEquals(20, preview.get("rows_sampled").asInt());
        assertEquals(20, preview.get("summary").get("rows_out").asInt(), preview.toString());
        assertTrue(strings(preview.get("columns")).containsAll(List.of("email", "name")), preview.toString());
        assertEquals(5, preview.get("rows").size());

        JsonNode stored = api().get(path(chat) + "/messages").data().get("messages");
        boolean kept = false;
        for (JsonNode message : stored) {
            kept |= message.path("metadata").path("suggestion").path("preview").isObject();
        }
        assertTrue(kept, "the reply's stored metadata keeps the preview: " + stored);
    }

    @Test
    void preview_refusesARowOverTheRowLimit_with413NamingTheSetting() {
        String chat = api().createChat();
        String csv = "id,note\n1,short\n2," + "x".repeat(1500) + "\n";
        assertEquals(200, api().upload(chat, "long.csv", csv.getBytes(StandardCharsets.UTF_8)).status());
        Answer answer = api().post(path(chat) + "/preview", body("long.csv", null, "{\"operation\": \"csv/info\"}"));
        assertEquals(413, answer.status(), answer.body().toString());
        assertTrue(answer.message().contains("Row 2") && answer.message().contains("sheetflow.preview.max-row-chars"),
                answer.message());

        Answer oneRow = api().post(path(chat) + "/preview", body("long.csv", 1, "{\"operation\": \"csv/info\"}"));
        assertEquals(200, oneRow.status(), "only the rows asked for are read: " + oneRow.body());
    }

    @Test
    void preview_refusesAnUnknownSheetNamingTheArgument() throws IOException {
        String chat = api().createChat();
        Path workbook = dataDir.resolve("book.xlsx");
        try (TableWriter writer = TableWriters.create(workbook, SheetFormat.XLSX, new WriteOptions("Data", false, null))) {
            writer.header(List.of("a", "b"));
            writer.row(new Object[] {1L, "x"});
        }
        assertEquals(200, api().upload(chat, "book.xlsx", workbook).status());
        Answer answer = api().post(path(chat) + "/preview",
                body("book.xlsx", null, "{\"operation\": \"excel/info\", \"arguments\": {\"sheet_name\": \"Nope\"}}"));
        assertEquals(422, answer.status(), answer.body().toString());
        assertEquals("steps[0].arguments.sheet_name", answer.data().get("details").get("field").asText());
        assertTrue(answer.message().contains("Nope"), answer.message());

        Answer named = api().post(path(chat) + "/preview",
                body("book.xlsx", null, "{\"operation\": \"excel/convert-to-csv\", \"arguments\": {\"sheet_name\": \"Data\"}}"));
        assertEquals(200, named.status(), named.body().toString());
        assertEquals("Data", named.data().get("sheet_name").asText());
        assertEquals("[[1,\"x\"]]", named.data().get("steps").get(0).get("rows").toString());
    }

    private JsonNode replyEvent(String chat, String replyId) {
        for (JsonNode event : api().get(path(chat) + "/events?since=0").data().get("events")) {
            if (event.get("type").asText().equals("assistant_message") && event.get("message_id").asText().equals(replyId)) {
                return event;
            }
        }
        return null;
    }

    private int events(String chat) {
        return api().get(path(chat) + "/events?since=0&limit=1000").data().get("events").size();
    }

    private List<Path> dataFiles() {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSummary(JsonNode summary, long rowsIn, long rowsOut, Long cellsChanged,
                                      List<String> added, List<String> removed) {
        assertEquals(rowsIn, summary.get("rows_in").asLong(), summary.toString());
        assertEquals(rowsOut, summary.get("rows_out").asLong(), summary.toString());
        if (cellsChanged == null) {
            assertTrue(summary.get("cells_changed").isNull(), summary.toString());
        } else {
            assertEquals(cellsChanged.longValue(), summary.get("cells_changed").asLong(), summary.toString());
        }
        assertEquals(added, strings(summary.get("columns_added")));
        assertEquals(removed, strings(summary.get("columns_removed")));
        assertTrue(summary.get("errors_by_reason").isObject(), summary.toString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
