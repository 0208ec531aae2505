package io.sheetflow.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ApiClient.Part;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every field Pycelize's front end ({@code pycelize-studio}, its {@code lib/api/*.ts}, {@code lib/hooks/useChatBot.ts}
 * and the pages and drawers that render the answers) reads, endpoint by endpoint, over the real server: the
 * audit table of docs/migrating-from-pycelize.md, pinned. Each test calls an endpoint the way the front end does
 * and checks the fields it reads are there with the type it uses.
 */
@MicronautTest(transactional = false)
class StudioFieldsTest extends ServerTest {
    private static final String BOT = "/api/v1/chat/bot";
    private static final String CHAT = "/api/v1/chat/workflows";
    private static final String PEOPLE = """
            id,name,email,age
            1,Ann,ann@example.com,34
            2,Bob,bob@example.com,17
            3,Cy,cy@example.com,45
            """;

    private static Part people() {
        return Part.file("file", "people.csv", PEOPLE.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertText(JsonNode node, String... fields) {
        for (String field : fields) {
            assertTrue(node.hasNonNull(field) && node.get(field).isTextual(), field + " (text) in " + node);
        }
    }

    private static void assertNumber(JsonNode node, String... fields) {
        for (String field : fields) {
            assertTrue(node.hasNonNull(field) && node.get(field).isNumber(), field + " (number) in " + node);
        }
    }

    private static void assertFileEntries(JsonNode list) {
        assertTrue(list.isArray() && !list.isEmpty(), "a non-empty list of files: " + list);
        for (JsonNode file : list) {
            assertText(file, "file_path", "download_url");
        }
    }

    private String startBot() {
        Answer started = api().post(BOT + "/conversations", "{}");
        assertEquals(201, started.status(), started.body().toString());
        return started.data().get("chat_id").asText();
    }

    /** A bot conversation with people.csv uploaded and one finished run of csv/convert-to-excel. */
    private String conversationWithARun() {
        String chat = startBot();
        assertEquals(200, api().postForm(BOT + "/conversations/" + chat + "/upload", people()).status());
        Answer confirmed = api().post(BOT + "/conversations/" + chat + "/confirm",
                "{\"confirmed\":true,\"modified_workflow\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}]}");
        assertEquals(202, confirmed.status(), confirmed.body().toString());
        String status = BOT + "/conversations/" + chat + "/workflow/status/" + confirmed.data().get("job_id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> api().get(status).data().get("status").asText()
                .equals("completed"));
        return chat;
    }

    @Test
    void envelope_hasTheMetaAndStatusCodeStandardResponseDeclares() {
        JsonNode body = api().get("/api/v1/health").body();
        assertNumber(body, "status_code");
        assertText(body, "message");
        assertText(body.get("meta"), "api_version", "locale", "request_id", "requested_time");
        assertText(body.get("data"), "status", "service", "version");
    }

    @Test
    void conversationList_itemsHaveWhatTheListPageRenders() {
        startBot();
        Answer list = api().get(CHAT);
        assertEquals(200, list.status());
        assertNumber(list.data(), "count");
        JsonNode item = list.data().get("conversations").get(0);
        assertText(item, "chat_id", "participant_name", "status", "created_at", "updated_at", "partition_key");
        assertTrue(item.get("metadata").isObject(), item.toString());
    }

    @Test
    void botStart_hasTheChatIdWelcomeAndCreationTime() {
        JsonNode data = api().post(BOT + "/conversations", "{}").data();
        assertText(data, "chat_id", "participant_name", "bot_message", "created_at", "updated_at", "state", "status");
    }

    @Test
    void botUpload_hasTheReplyAndTheFilesPathAndUrl_andTheUrlDownloadsTheUpload() {
        String chat = startBot();
        Answer uploaded = api().postForm(BOT + "/conversations/" + chat + "/upload", people());
        assertEquals(200, uploaded.status(), uploaded.body().toString());
        assertText(uploaded.data(), "bot_response", "file_path", "filename", "download_url");
        assertEquals(PEOPLE, new String(api().download(uploaded.data().get("download_url").asText()).body(),
                StandardCharsets.UTF_8));
    }

    @Test
    void botMessage_hasTheReply() {
        String chat = startBot();
        Answer answer = api().post(BOT + "/conversations/" + chat + "/message", "{\"message\":\"help\"}");
        assertEquals(200, answer.status(), answer.body().toString());
        assertText(answer.data(), "bot_response");
    }

    @Test
    void botConfirm_hasTheReply_whetherRunOrDeclined() {
        String chat = startBot();
        api().postForm(BOT + "/conversations/" + chat + "/upload", people());
        Answer run = api().post(BOT + "/conversations/" + chat + "/confirm",
                "{\"confirmed\":true,\"modified_workflow\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}]}");
        assertText(run.data(), "bot_response", "job_id");
        Answer declined = api().post(BOT + "/conversations/" + chat + "/confirm", "{\"confirmed\":false}");
        assertEquals(200, declined.status(), declined.body().toString());
        assertText(declined.data(), "bot_response");
        assertTrue(declined.data().get("output_files").isArray());
    }

    @Test
    void history_hasTheMessagesFilesAndStepsTheChatPageAndItsDrawersRead() {
        String chat = conversationWithARun();
        Answer history = api().get(BOT + "/conversations/" + chat + "/history?limit=500");
        assertEquals(200, history.status(), history.body().toString());
        JsonNode data = history.data();
        assertText(data, "chat_id", "participant_name", "current_state", "status");
        for (JsonNode message : data.get("messages")) {
            assertText(message, "message_id", "message_type", "content", "created_at");
        }
        JsonNode upload = null;
        for (JsonNode message : data.get("messages")) {
            if (message.get("message_type").asText().equals("file_upload")) {
                upload = message;
            }
        }
        assertTrue(upload != null, "a file_upload message: " + data.get("messages"));
        assertText(upload.get("metadata"), "file_path", "filename", "download_url");

        assertFileEntries(data.get("uploaded_files"));
        assertFileEntries(data.get("output_files"));
        JsonNode output = data.get("output_files").get(0);
        assertTrue(output.get("file_path").asText().endsWith(".xlsx"), "the drawer names the file by file_path's"
                + " last segment: " + output);
        assertEquals(200, api().download(output.get("download_url").asText()).statusCode());

        JsonNode step = data.get("workflow_steps").get(0);
        assertText(step, "step_id", "operation", "status", "output_file", "completed_at");
        assertNumber(step, "progress");
        assertTrue(step.get("arguments").isObject(), step.toString());
        assertTrue(step.has("error_message"), step.toString());
    }

    @Test
    void operations_mapEachIntentToItsOperationNames() {
        JsonNode data = api().get(BOT + "/operations").data();
        assertNumber(data, "total_intents");
        Iterator<Map.Entry<String, JsonNode>> intents = data.get("operations").fields();
        assertTrue(intents.hasNext());
        while (intents.hasNext()) {
            Map.Entry<String, JsonNode> intent = intents.next();
            assertTrue(intent.getValue().isArray() && intent.getValue().get(0).isTextual(), intent.toString());
        }
    }

    @Test
    void dump_hasTheFileNameAndUrl_andRestore_answersTheRestoredConversation() {
        String chat = conversationWithARun();
        Answer dump = api().post(CHAT + "/" + chat + "/dump", "{}");
        assertEquals(200, dump.status(), dump.body().toString());
        assertText(dump.data(), "dump_file", "download_url");
        byte[] archive = api().download(dump.data().get("download_url").asText()).body();

        Answer restored = api().postForm(CHAT + "/restore",
                Part.file("dump_file", dump.data().get("dump_file").asText(), archive));
        assertEquals(201, restored.status(), "a new conversation (Pycelize: 200; its client takes any 2xx)");
        JsonNode data = restored.data();
        assertText(data, "chat_id", "participant_name", "status", "created_at", "updated_at", "partition_key");
        assertFalse(data.get("chat_id").asText().equals(chat), "a new id");
        assertTrue(data.get("messages").isArray() && !data.get("messages").isEmpty(), data.toString());
        for (JsonNode message : data.get("messages")) {
            assertText(message, "message_id", "message_type", "content", "created_at");
        }
        assertTrue(data.get("metadata").isObject(), data.toString());
        assertFileEntries(data.get("uploaded_files"));
        assertFileEntries(data.get("output_files"));
        assertTrue(data.get("workflow_steps").isArray() && !data.get("workflow_steps").isEmpty(), data.toString());
    }

    @Test
    void progressFrames_haveWhatTheProgressCardShows() throws Exception {
        String chat = startBot();
        api().postForm(BOT + "/conversations/" + chat + "/upload", people());
        try (TestSocket socket = TestSocket.connect(api().base(), "/chat/" + chat, api().token())) {
            socket.awaitType("connected");
            api().post(BOT + "/conversations/" + chat + "/confirm",
                    "{\"confirmed\":true,\"modified_workflow\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}]}");
            assertText(socket.awaitType("workflow_started"), "type", "message");
            JsonNode progress = socket.awaitFrame(f -> f.path("type").asText().equals("progress")
                    && f.path("status").asText().equals("completed"));
            assertText(progress, "operation", "status", "message");
            assertEquals(100, progress.get("progress").asInt());
            assertText(socket.awaitType("workflow_completed"), "message");
        }
    }

    @Test
    void fileInfo_hasTheFieldsTheInfoPagesRender() {
        JsonNode csv = api().postForm("/api/v1/csv/info", people()).data();
        assertText(csv, "file_name", "delimiter");
        assertNumber(csv, "rows", "columns");
        assertTrue(csv.get("column_names").isArray() && csv.get("data_types").isObject(), csv.toString());

        Answer converted = api().postForm("/api/v1/csv/convert-to-excel", people());
        byte[] xlsx = api().download(converted.data().get("download_url").asText()).body();
        JsonNode excel = api().postForm("/api/v1/excel/info", Part.file("file", "people.xlsx", xlsx)).data();
        assertText(excel, "file_name");
        assertNumber(excel, "rows", "columns");
        assertTrue(excel.get("sheets").isArray() && excel.get("column_names").isArray()
                && excel.get("data_types").get("email").isTextual(), excel.toString());
    }

    @Test
    void extractColumns_hasTheCountsAndSamplesTheJsonPageRenders() {
        JsonNode data = api().postForm("/api/v1/excel/extract-columns", people(),
                Part.field("columns", "[\"email\",\"age\"]")).data();
        assertNumber(data, "total_rows", "rows_extracted");
        JsonNode email = data.get("columns").get("email");
        assertNumber(email, "count");
        assertText(email, "data_type");
        assertTrue(email.get("sample_values").isArray(), email.toString());
    }

    @Test
    void search_hasTheUrlAndCounts_andSuggestOperators_hasTypeAndOperatorsPerColumn() {
        JsonNode found = api().postForm("/api/v1/csv/search", people(),
                Part.field("conditions", "[{\"column\":\"name\",\"operator\":\"equals\",\"value\":\"Ann\"}]")).data();
        assertText(found, "download_url");
        assertNumber(found, "total_rows", "filtered_rows", "conditions_applied");
        JsonNode age = api().postForm("/api/v1/csv/search/suggest-operators", people()).data().get("age");
        assertText(age, "type");
        assertTrue(age.get("operators").isArray() && age.get("operators").get(0).isTextual(), age.toString());
    }

    @Test
    void normalizationTypes_mapEachNameToItsDescriptionText() {
        JsonNode data = api().get("/api/v1/normalization/types").data();
        assertTrue(data.size() >= 20, data.toString());
        data.fields().forEachRemaining(type -> assertTrue(type.getValue().isTextual(), type.toString()));
    }

    @Test
    void fileProducingEndpoints_answerADownloadUrlThatDownloads() throws Exception {
        Path csv = Csv.people(dataDir, 5);
        Part file = Part.file("file", csv);
        Map<String, Part[]> calls = Map.of(
                "/api/v1/csv/convert-to-excel", new Part[]{file},
                "/api/v1/excel/extract-columns-to-file", new Part[]{file, Part.field("columns", "[\"email\"]")},
                "/api/v1/excel/map-columns", new Part[]{file, Part.field("mapping", "{\"mail\":{\"source\":\"email\"}}")},
                "/api/v1/normalization/apply", new Part[]{file, Part.field("normalizations",
                        "[{\"column_name\":\"email\",\"normalization_type\":\"lowercase\"}]")},
                "/api/v1/json/generate", new Part[]{file},
                "/api/v1/json/generate-with-template", new Part[]{file, Part.field("template", "{\"e\":\"{e}\"}"),
                        Part.field("column_mapping", "{\"e\":\"email\"}")},
                "/api/v1/sql/generate-to-text", new Part[]{file, Part.field("table_name", "people"),
                        Part.field("column_mapping", "{\"mail\":\"email\"}")},
                "/api/v1/sql/generate-custom-to-text", new Part[]{file,
                        Part.field("template", "INSERT INTO t VALUES ({e});"), Part.field("column_mapping", "{\"e\":\"email\"}")});
        for (Map.Entry<String, Part[]> call : calls.entrySet()) {
            Answer answer = api().postForm(call.getKey(), call.getValue());
            assertEquals(200, answer.status(), call.getKey() + ": " + answer.body());
            assertText(answer.data(), "download_url");
            assertEquals(200, api().download(answer.data().get("download_url").asText()).statusCode(), call.getKey());
        }
    }

    @Test
    void bindEndpoints_answerADownloadUrl() {
        Part source = Part.file("source_file", "source.csv", "k,a\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8));
        Part bind = Part.file("bind_file", "bind.csv", "k,b\n1,p\n".getBytes(StandardCharsets.UTF_8));
        Answer single = api().postForm("/api/v1/excel/bind-single-key", source, bind,
                Part.field("comparison_column", "k"), Part.field("bind_columns", "[\"b\"]"));
        assertEquals(200, single.status(), single.body().toString());
        assertText(single.data(), "download_url");
        Answer multi = api().postForm("/api/v1/excel/bind-multi-key", source, bind,
                Part.field("comparison_columns", "[\"k\"]"), Part.field("bind_columns", "[\"b\"]"));
        assertEquals(200, multi.status(), multi.body().toString());
        assertText(multi.data(), "download_url");
    }

    @Test
    void botDelete_answers200_andTheConversationIsGone() {
        String chat = startBot();
        assertEquals(200, api().delete(BOT + "/conversations/" + chat).status());
        assertEquals(404, api().get(CHAT + "/" + chat).status());
    }
}
