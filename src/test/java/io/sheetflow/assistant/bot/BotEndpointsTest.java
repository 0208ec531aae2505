package io.sheetflow.assistant.bot;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pycelize chatbot's endpoints, as its front end calls them, over the real server and the rules planner. */
@MicronautTest(transactional = false)
class BotEndpointsTest extends ServerTest {
    private static final String BOT = "/api/v1/chat/bot";
    private static final String REQUEST = "take email and name from people-20.csv and give me a CSV";

    private String start() {
        ApiClient.Answer started = api().post(BOT + "/conversations", "{}");
        assertEquals(201, started.status(), started.body().toString());
        return started.data().get("chat_id").asText();
    }

    private String startWithPeople() {
        String chat = start();
        ApiClient.Answer uploaded = api().postForm(BOT + "/conversations/" + chat + "/upload",
                ApiClient.Part.file("file", Csv.people(dataDir, 20)));
        assertEquals(200, uploaded.status(), uploaded.body().toString());
        return chat;
    }

    private ApiClient.Answer say(String chat, String text) {
        return api().post(BOT + "/conversations/" + chat + "/message",
                ApiClient.JSON.createObjectNode().put("message", text).toString());
    }

    private JsonNode awaitJobEnd(String chat, String jobId) {
        String status = BOT + "/conversations/" + chat + "/workflow/status/" + jobId;
        await().atMost(Duration.ofSeconds(60)).until(() -> api().get(status).data().get("status").asText()
                .matches("completed|failed|cancelled"));
        return api().get(status).data();
    }

    @Test
    void start_answers201WithTheReferenceFields_andTheBodyStatusCodeIsTheHttpStatus() {
        ApiClient.Answer started = api().post(BOT + "/conversations", "{}");
        assertEquals(201, started.status());
        assertEquals(201, started.body().get("status_code").asInt());
        JsonNode data = started.data();
        for (String field : new String[]{"chat_id", "participant_name", "status", "bot_message", "state", "created_at"}) {
            assertTrue(data.hasNonNull(field), field + " in " + data);
        }
        assertEquals("idle", data.get("state").asText());
        assertEquals(200, api().get("/api/v1/chat/workflows/" + data.get("chat_id").asText()).status(),
                "a bot conversation is an ordinary conversation");
    }

    @Test
    void startWithAnExistingChatId_resumesItUnchanged() {
        String chat = startWithPeople();
        String name = api().get("/api/v1/chat/workflows/" + chat).data().get("participant_name").asText();
        ApiClient.Answer again = api().post(BOT + "/conversations", "{\"chat_id\":\"" + chat + "\"}");
        assertEquals(200, again.status(), again.body().toString());
        assertEquals(chat, again.data().get("chat_id").asText());
        assertEquals(name, again.data().get("participant_name").asText());
        assertEquals(404, api().post(BOT + "/conversations", "{\"chat_id\":\"" + UUID.randomUUID() + "\"}").status());
    }

    @Test
    void aMessage_isAnsweredWithTheSuggestedWorkflow_andConfirmRunsIt_andItsOutputDownloads() throws Exception {
        String chat = startWithPeople();
        ApiClient.Answer answered = say(chat, REQUEST);
        assertEquals(200, answered.status(), answered.body().toString());
        JsonNode data = answered.data();
        assertEquals("extract_columns", data.get("intent").get("type").asText(), data.toString());
        assertTrue(data.get("requires_confirmation").asBoolean());
        assertFalse(data.get("requires_file").asBoolean());
        assertTrue(data.get("bot_response").asText().contains("Shall I run it?"), data.toString());
        JsonNode step = data.get("suggested_workflow").get(0);
        assertEquals("excel/extract-columns-to-file", step.get("operation").asText());
        assertEquals("[\"email\",\"name\"]", step.get("arguments").get("columns").toString());
        assertTrue(step.get("description").asText().startsWith("Take the columns"), step.toString());
        assertEquals("awaiting_confirmation",
                api().get(BOT + "/conversations/" + chat + "/history").data().get("current_state").asText());

        ApiClient.Answer confirmed = api().post(BOT + "/conversations/" + chat + "/confirm", "{\"confirmed\":true}");
        assertEquals(202, confirmed.status(), confirmed.body().toString());
        assertEquals(202, confirmed.body().get("status_code").asInt());
        assertEquals("submitted", confirmed.data().get("status").asText());
        JsonNode job = awaitJobEnd(chat, confirmed.data().get("job_id").asText());
        assertEquals("completed", job.get("status").asText(), job.toString());
        assertTrue(job.get("result").get("success").asBoolean());
        JsonNode outputs = job.get("result").get("output_files");
        JsonNode output = outputs.get(outputs.size() - 1);
        String csv = new String(api().download(output.get("download_url").asText()).body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("email,name"), "the output holds the chosen columns: " + outputs + "\n" + csv);

        JsonNode history = api().get(BOT + "/conversations/" + chat + "/history").data();
        assertEquals("completed", history.get("current_state").asText());
        assertEquals(outputs.size(), history.get("output_files").size(), history.toString());
        assertEquals("people-20.csv", history.get("uploaded_files").get(0).get("file_path").asText());
        assertEquals("file_upload", history.get("messages").get(0).get("message_type").asText());
        assertEquals(REQUEST, history.get("messages").get(1).get("content").asText());
        assertEquals("assistant", history.get("messages").get(2).get("message_type").asText());
        assertFalse(history.get("workflow_steps").isEmpty());
    }

    @Test
    void writingYes_runsThePendingSuggestion_andAnswersWithItsJobId() {
        String chat = startWithPeople();
        assertEquals(200, say(chat, REQUEST).status());
        ApiClient.Answer yes = say(chat, "yes");
        assertEquals(200, yes.status(), yes.body().toString());
        assertEquals("execute_workflow", yes.data().get("action").asText(), yes.data().toString());
        assertEquals("completed", awaitJobEnd(chat, yes.data().get("job_id").asText()).get("status").asText());
    }

    @Test
    void theSuggestionSurvivesBetweenRequests_soConfirmWithoutModifiedWorkflowRunsIt() {
        // Pycelize built its state per request, so a confirm without modified_workflow always failed.
        String chat = startWithPeople();
        assertEquals(200, say(chat, REQUEST).status());
        ApiClient.Answer confirmed = api().post(BOT + "/conversations/" + chat + "/confirm", "{\"confirmed\":true}");
        assertEquals(202, confirmed.status(), confirmed.body().toString());
        JsonNode runs = api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("runs");
        assertEquals(1, runs.size());
        assertEquals("excel/extract-columns-to-file", runs.get(0).get("steps").get(0).get("operation").asText());
    }

    @Test
    void declining_discardsTheSuggestion_andALaterConfirmHasNothingToRun() {
        String chat = startWithPeople();
        assertEquals(200, say(chat, REQUEST).status());
        ApiClient.Answer declined = api().post(BOT + "/conversations/" + chat + "/confirm", "{\"confirmed\":false}");
        assertEquals(200, declined.status(), declined.body().toString());
        assertTrue(declined.data().get("results").isEmpty());
        ApiClient.Answer nothing = api().post(BOT + "/conversations/" + chat + "/confirm", "{\"confirmed\":true}");
        assertEquals(400, nothing.status(), nothing.body().toString());
        assertTrue(nothing.message().contains("no pending workflow"), nothing.message());
        assertTrue(api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("runs").isEmpty());
    }

    @Test
    void confirmWithAModifiedWorkflow_andNoSuggestion_runsTheClientsSteps_onTheLatestUpload() {
        // What Pycelize's front end sends: the steps it shows, each with a description.
        String chat = startWithPeople();
        ApiClient.Answer confirmed = api().post(BOT + "/conversations/" + chat + "/confirm", "{\"confirmed\":true,"
                + "\"modified_workflow\":[{\"operation\":\"excel/extract-columns-to-file\",\"arguments\":{\"columns\":"
                + "[\"id\",\"status\"]},\"description\":\"Extract columns\"}]}");
        assertEquals(202, confirmed.status(), confirmed.body().toString());
        assertEquals("completed", awaitJobEnd(chat, confirmed.data().get("job_id").asText()).get("status").asText());
    }

    @Test
    void aModifiedWorkflowWithAnUnknownColumnOrOperation_isRefused_andNothingRuns() {
        String chat = startWithPeople();
        ApiClient.Answer refused = api().post(BOT + "/conversations/" + chat + "/confirm", "{\"confirmed\":true,"
                + "\"modified_workflow\":[{\"operation\":\"excel/no-such-thing\",\"arguments\":{}}]}");
        assertEquals(422, refused.status(), refused.body().toString());
        assertTrue(refused.message().contains("unknown operation"), refused.message());
        assertTrue(api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("runs").isEmpty());
    }

    @Test
    void aMissingOrEmptyMessage_is422NamingIt_andNothingIsRecorded() {
        String chat = startWithPeople();
        ApiClient.Answer missing = api().post(BOT + "/conversations/" + chat + "/message", "{}");
        assertEquals(422, missing.status());
        assertEquals("No message provided", missing.message());
        ApiClient.Answer empty = say(chat, "   ");
        assertEquals(422, empty.status());
        assertEquals("Empty message", empty.message());
        for (JsonNode m : api().get(BOT + "/conversations/" + chat + "/history").data().get("messages")) {
            assertFalse(m.get("message_type").asText().matches("user|assistant"), "recorded: " + m);
        }
    }

    @Test
    void aRequestWithoutAFile_saysToUploadOne() {
        String chat = start();
        ApiClient.Answer answered = say(chat, "extract email and name");
        assertEquals(200, answered.status(), answered.body().toString());
        assertTrue(answered.data().get("requires_file").asBoolean(), answered.data().toString());
        assertEquals("upload_file", answered.data().get("action").asText());
        assertEquals("awaiting_file",
                api().get(BOT + "/conversations/" + chat + "/history").data().get("current_state").asText());
    }

    @Test
    void theRepliesAlsoStreamOnTheConversationsWebSocket() {
        String chat = startWithPeople();
        try (TestSocket socket = socket("/chat/" + chat)) {
            socket.awaitType("connected");
            String replyId = say(chat, REQUEST).data().get("reply_id").asText();
            JsonNode message = socket.awaitFrame(f -> f.path("type").asText().equals("assistant_message")
                    && f.path("message_id").asText().equals(replyId));
            assertTrue(message.get("suggestion").isObject());
        }
    }

    @Test
    void unknownJobsAndConversations_are404_andAnotherUsersConversationToo() {
        String chat = startWithPeople();
        assertEquals(404, api().get(BOT + "/conversations/" + chat + "/workflow/status/" + UUID.randomUUID()).status());
        assertEquals(404, api().get(BOT + "/conversations/" + chat + "/workflow/status/not-an-id").status());
        assertEquals(404, say(UUID.randomUUID().toString(), "hello").status());
        ApiClient.Answer key = api().post("/api/v1/admin/api-keys", "{\"user\":\"mallory-" + UUID.randomUUID()
                + "\",\"name\":\"test\",\"admin\":false}");
        ApiClient other = api().withToken(key.data().get("api_key").asText());
        assertEquals(404, other.get(BOT + "/conversations/" + chat + "/history").status());
        assertEquals(404, other.post(BOT + "/conversations/" + chat + "/confirm", "{\"confirmed\":true}").status());
        assertEquals(404, other.delete(BOT + "/conversations/" + chat).status());
    }

    @Test
    void delete_removesTheConversationAndItsFiles() throws Exception {
        String chat = startWithPeople();
        ApiClient.Answer deleted = api().delete(BOT + "/conversations/" + chat);
        assertEquals(200, deleted.status(), deleted.body().toString());
        assertEquals(chat, deleted.data().get("chat_id").asText());
        assertEquals(404, api().get(BOT + "/conversations/" + chat + "/history").status());
        assertEquals(0, countObjectsOf(chat));
    }

    private long countObjectsOf(String chat) throws Exception {
        if (!Files.exists(objectsDir())) {
            return 0;
        }
        try (var walk = Files.walk(objectsDir())) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().contains(chat)).count();
        }
    }

    @Test
    void operations_listTheEightIntentsAndTheirOperations() {
        JsonNode data = api().get(BOT + "/operations").data();
        assertEquals(8, data.get("total_intents").asInt());
        assertEquals("[\"excel/extract-columns-to-file\"]", data.get("operations").get("extract_columns").toString());
        assertArrayEquals(new String[]{"excel/search", "csv/search"},
                ApiClient.JSON.convertValue(data.get("operations").get("search_filter"), String[].class));
    }
}
