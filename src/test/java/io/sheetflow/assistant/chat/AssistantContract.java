package io.sheetflow.assistant.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Talking to the assistant over the real server (the real rules planner), on every supported database. */
abstract class AssistantContract extends ServerTest {
    static final String REQUEST = "take email and name from people.csv and give me a CSV";

    String chatWithPeople() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", Csv.people(dataDir, 20)).status());
        return chat;
    }

    static String path(String chat) {
        return "/api/v1/chat/workflows/" + chat;
    }

    static ApiClient.Answer say(ApiClient api, String chat, String text) {
        return api.post(path(chat) + "/messages", ApiClient.JSON.createObjectNode().put("text", text).toString());
    }

    /** Posts a message and waits until its reply is complete (or error); returns the reply's final event. */
    static JsonNode reply(ApiClient api, String chat, String text) {
        ApiClient.Answer accepted = say(api, chat, text);
        assertEquals(202, accepted.status(), accepted.body().toString());
        return finalEvent(api, chat, accepted.data().get("reply_id").asText());
    }

    static JsonNode finalEvent(ApiClient api, String chat, String replyId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> messageEvent(api, chat, replyId) != null);
        return messageEvent(api, chat, replyId);
    }

    private static JsonNode messageEvent(ApiClient api, String chat, String messageId) {
        for (JsonNode event : api.get(path(chat) + "/events?since=0").data().get("events")) {
            if (event.get("type").asText().equals("assistant_message") && event.get("message_id").asText().equals(messageId)) {
                return event;
            }
        }
        return null;
    }

    static List<JsonNode> events(ApiClient api, String chat, String type) {
        List<JsonNode> found = new ArrayList<>();
        api.get(path(chat) + "/events?since=0").data().get("events").forEach(e -> {
            if (e.get("type").asText().equals(type)) {
                found.add(e);
            }
        });
        return found;
    }

    static JsonNode awaitRunEnd(ApiClient api, String chat, String runId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get(path(chat) + "/runs/" + runId).data()
                .get("status").asText().matches("completed|failed|cancelled"));
        return api.get(path(chat) + "/runs/" + runId).data();
    }

    @Test
    void aRequest_isAnsweredOverTheWebSocketWithASuggestion_andAWrittenYesRunsIt_andTheResultNamesTheOutput() {
        String chat = chatWithPeople();
        try (TestSocket socket = socket("/chat/" + chat)) {
            socket.awaitType("connected");
            ApiClient.Answer accepted = say(api(), chat, REQUEST);
            assertEquals(202, accepted.status(), accepted.body().toString());
            assertEquals("user", accepted.data().get("message").get("type").asText());
            assertEquals(REQUEST, accepted.data().get("message").get("content").asText());
            String replyId = accepted.data().get("reply_id").asText();
            assertEquals(0, accepted.data().get("reply").get("queue_position").asInt(), "nothing ahead of the reply");

            JsonNode offered = socket.awaitFrame(f -> f.path("type").asText().equals("assistant_message")
                    && f.path("message_id").asText().equals(replyId));
            List<JsonNode> ofReply = socket.logged().stream().filter(f -> f.path("message_id").asText().equals(replyId)).toList();
            assertEquals("assistant_queued", ofReply.get(0).get("type").asText());
            assertEquals(0, ofReply.get(0).get("queue_position").asInt());
            assertEquals("assistant_started", ofReply.get(1).get("type").asText());
            List<JsonNode> deltas = ofReply.stream().filter(f -> f.get("type").asText().equals("assistant_delta")).toList();
            assertFalse(deltas.isEmpty(), "the reply streams");
            StringBuilder streamed = new StringBuilder();
            for (int i = 0; i < deltas.size(); i++) {
                assertEquals(i, deltas.get(i).get("index").asInt(), "chunks in order");
                streamed.append(deltas.get(i).get("text").asText());
            }
            assertEquals("complete", offered.get("state").asText());
            assertEquals(offered.get("text").asText(), streamed.toString(), "the chunks add up to the final text");
            JsonNode suggestion = offered.get("suggestion");
            assertTrue(suggestion.isObject(), offered.toString());
            assertNotNull(suggestion.get("suggestion_id").asText());
            assertEquals(api().get(path(chat) + "/files").data().get("files").get(0).get("file_id").asText(),
                    suggestion.get("input_file_id").asText());
            assertFalse(suggestion.get("steps").isEmpty());
            assertTrue(api().get(path(chat) + "/runs").data().get("runs").isEmpty(), "nothing runs before a confirmation");

            JsonNode confirmed = reply(api(), chat, "yes");
            String runId = confirmed.get("run_id").asText();
            JsonNode result = socket.awaitFrame(f -> f.path("type").asText().equals("assistant_message")
                    && f.path("run_id").asText().equals(runId) && f.path("text").asText().startsWith("Done"));
            List<String> runTypes = socket.logged().stream().filter(f -> f.path("run_id").asText().equals(runId))
                    .map(f -> f.get("type").asText()).toList();
            assertEquals("workflow_queued", runTypes.get(0));
            assertTrue(runTypes.contains("workflow_completed"), runTypes.toString());
            assertEquals(List.of("workflow_queued", "assistant_message", "workflow_started"), runTypes.subList(0, 3),
                    "the reply saying it runs comes before the run starts");
            assertEquals("assistant_message", runTypes.get(runTypes.size() - 1), "the result message comes last");

            JsonNode run = awaitRunEnd(api(), chat, runId);
            assertEquals("completed", run.get("status").asText());
            JsonNode steps = run.get("steps");
            JsonNode output = steps.get(steps.size() - 1).get("output_files").get(0);
            assertTrue(result.get("text").asText().contains(output.get("filename").asText()), result.toString());
            String csv = new String(api().download(output.get("download_url").asText()).body(), StandardCharsets.UTF_8);
            assertTrue(csv.startsWith("email,name") || csv.startsWith("name,email"), csv);
            assertTrue(csv.contains("user1@Example.COM"), csv);

            List<JsonNode> live = socket.logged();
            try (TestSocket late = socket("/chat/" + chat + "?since=0")) {
                // Not the `connected` frame, which carries the latest seq too: the replayed event with it.
                long lastSeq = live.get(live.size() - 1).get("seq").asLong();
                late.awaitFrame(f -> !f.path("type").asText().equals("connected") && f.path("seq").asLong() == lastSeq);
                assertEquals(live, late.logged().subList(late.logged().size() - live.size(), late.logged().size()),
                        "a replay from since=0 ends with exactly the events seen live");
            }
        }
    }

    @Test
    void theHistory_showsUserAndAssistantMessagesWithTheirStates() {
        String chat = chatWithPeople();
        ApiClient.Answer accepted = say(api(), chat, REQUEST);
        String replyId = accepted.data().get("reply_id").asText();
        finalEvent(api(), chat, replyId);
        JsonNode messages = api().get(path(chat) + "/messages").data().get("messages");
        JsonNode user = null;
        JsonNode reply = null;
        for (JsonNode m : messages) {
            if (m.get("message_id").asText().equals(accepted.data().get("message").get("message_id").asText())) {
                user = m;
            }
            if (m.get("message_id").asText().equals(replyId)) {
                reply = m;
            }
        }
        assertNotNull(user);
        assertNotNull(reply);
        assertEquals("user", user.get("type").asText());
        assertEquals("assistant", reply.get("type").asText());
        assertEquals("complete", reply.get("state").asText());
        assertTrue(reply.get("queue_position").isNull(), "a position only while queued: " + reply);
        assertEquals(user.get("message_id").asText(), reply.get("reply_to").asText());
        assertTrue(reply.get("metadata").get("suggestion").isObject(), reply.toString());
        assertTrue(reply.get("number").asLong() > user.get("number").asLong());
    }

    @Test
    void aRepeatedClientMessageId_returnsTheSameMessages_andRecordsThemOnce() throws Exception {
        String chat = chatWithPeople();
        String body = ApiClient.JSON.createObjectNode().put("text", REQUEST).put("client_message_id", "k-" + UUID.randomUUID()).toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<ApiClient.Answer> answers = new ArrayList<>();
        try {
            List<Future<ApiClient.Answer>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit((Callable<ApiClient.Answer>) () -> api().post(path(chat) + "/messages", body)));
            }
            for (Future<ApiClient.Answer> f : sent) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        answers.add(api().post(path(chat) + "/messages", body));
        for (ApiClient.Answer a : answers) {
            assertEquals(202, a.status(), a.body().toString());
            assertEquals(answers.get(0).data().get("message").get("message_id"), a.data().get("message").get("message_id"));
            assertEquals(answers.get(0).data().get("reply_id"), a.data().get("reply_id"));
        }
        finalEvent(api(), chat, answers.get(0).data().get("reply_id").asText());
        long userMessages = 0;
        for (JsonNode m : api().get(path(chat) + "/messages").data().get("messages")) {
            userMessages += m.get("type").asText().equals("user") && m.get("content").asText().equals(REQUEST) ? 1 : 0;
        }
        assertEquals(1, userMessages);
        assertEquals(1, events(api(), chat, "assistant_message").size(), "one reply was written");
    }

    @Test
    void confirmingTwice_startsOneRun() throws Exception {
        String chat = chatWithPeople();
        String suggestionId = reply(api(), chat, REQUEST).get("suggestion").get("suggestion_id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<ApiClient.Answer>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(pool.submit((Callable<ApiClient.Answer>) () ->
                        api().post(path(chat) + "/suggestions/" + suggestionId + "/confirm", null)));
            }
            for (Future<ApiClient.Answer> f : sent) {
                statuses.add(f.get().status());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
        assertEquals(2, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        JsonNode again = reply(api(), chat, "yes");
        assertTrue(again.get("run_id").isNull(), again.toString());
        assertEquals(1, api().get(path(chat) + "/runs").data().get("runs").size());
    }

    @Test
    void aDiscardedSuggestion_neverRuns_andCannotBeConfirmed() {
        String chat = chatWithPeople();
        String suggestionId = reply(api(), chat, REQUEST).get("suggestion").get("suggestion_id").asText();
        ApiClient.Answer discarded = api().post(path(chat) + "/suggestions/" + suggestionId + "/discard", null);
        assertEquals(200, discarded.status(), discarded.body().toString());
        assertEquals("discarded", discarded.data().get("status").asText());
        assertEquals(409, api().post(path(chat) + "/suggestions/" + suggestionId + "/confirm", null).status());
        assertEquals(409, api().post(path(chat) + "/suggestions/" + suggestionId + "/discard", null).status());
        assertTrue(reply(api(), chat, "yes").get("run_id").isNull());
        assertTrue(api().get(path(chat) + "/runs").data().get("runs").isEmpty());
    }

    @Test
    void aSuggestionsDecision_isReadable_pendingThenConfirmedWithItsRun() {
        String chat = chatWithPeople();
        String suggestionId = reply(api(), chat, REQUEST).get("suggestion").get("suggestion_id").asText();
        JsonNode pending = api().get(path(chat) + "/suggestions/" + suggestionId).data();
        assertEquals("pending", pending.get("status").asText(), pending.toString());
        assertTrue(pending.get("run_id").isNull());
        String runId = api().post(path(chat) + "/suggestions/" + suggestionId + "/confirm", null).data()
                .get("run").get("run_id").asText();
        JsonNode confirmed = api().get(path(chat) + "/suggestions/" + suggestionId).data();
        assertEquals("confirmed", confirmed.get("status").asText());
        assertEquals(runId, confirmed.get("run_id").asText());
        assertFalse(confirmed.get("decided_at").isNull());
        assertEquals(404, api().get(path(chat) + "/suggestions/" + java.util.UUID.randomUUID()).status());
    }

    @Test
    void aWrittenNo_dropsTheSuggestion() {
        String chat = chatWithPeople();
        String suggestionId = reply(api(), chat, REQUEST).get("suggestion").get("suggestion_id").asText();
        JsonNode dropped = reply(api(), chat, "no");
        assertTrue(dropped.get("text").asText().contains("dropped"), dropped.toString());
        assertEquals(409, api().post(path(chat) + "/suggestions/" + suggestionId + "/confirm", null).status());
        assertTrue(api().get(path(chat) + "/runs").data().get("runs").isEmpty());
    }

    @Test
    void aQuestion_isCompletedByTheNextMessage() {
        String chat = chatWithPeople();
        assertEquals(200, api().upload(chat, "orders.csv", "order_id,email,total\n1,a@b.c,3\n".getBytes(StandardCharsets.UTF_8)).status());
        JsonNode asked = reply(api(), chat, "take the email column");
        assertTrue(asked.get("question").isObject(), asked.toString());
        assertTrue(asked.get("suggestion").isNull());
        JsonNode answered = reply(api(), chat, "people.csv");
        assertTrue(answered.get("suggestion").isObject(), answered.toString());
        String peopleId = null;
        for (JsonNode f : api().get(path(chat) + "/files").data().get("files")) {
            if (f.get("filename").asText().equals("people.csv")) {
                peopleId = f.get("file_id").asText();
            }
        }
        assertEquals(peopleId, answered.get("suggestion").get("input_file_id").asText());
    }

    @Test
    void editedSteps_areValidatedAgain_aBadArgumentIs422NamingIt_andTheSuggestionStaysPending() {
        String chat = chatWithPeople();
        String suggestionId = reply(api(), chat, REQUEST).get("suggestion").get("suggestion_id").asText();
        ApiClient.Answer refused = api().post(path(chat) + "/suggestions/" + suggestionId + "/confirm",
                "{\"steps\":[{\"operation\":\"excel/extract-columns-to-file\",\"arguments\":{\"columns\":\"email\"}}]}");
        assertEquals(422, refused.status(), refused.body().toString());
        assertTrue(refused.body().toString().contains("steps[0].arguments.columns"), refused.body().toString());
        assertTrue(api().get(path(chat) + "/runs").data().get("runs").isEmpty());

        ApiClient.Answer edited = api().post(path(chat) + "/suggestions/" + suggestionId + "/confirm",
                "{\"steps\":[{\"operation\":\"excel/extract-columns-to-file\",\"arguments\":{\"columns\":[\"email\"]}}]}");
        assertEquals(202, edited.status(), edited.body().toString());
        JsonNode run = awaitRunEnd(api(), chat, edited.data().get("run").get("run_id").asText());
        assertEquals("completed", run.get("status").asText(), run.toString());
        assertEquals(1, run.get("steps").size(), "the edited steps ran");
    }

    @Test
    void aConfirmedRunThatFails_isExplainedByTheAssistantInPlainWords() {
        String chat = chatWithPeople();
        String suggestionId = reply(api(), chat, REQUEST).get("suggestion").get("suggestion_id").asText();
        ApiClient.Answer confirmed = api().post(path(chat) + "/suggestions/" + suggestionId + "/confirm",
                "{\"steps\":[{\"operation\":\"excel/extract-columns-to-file\",\"arguments\":{\"columns\":[\"no_such_column\"]}}]}");
        assertEquals(202, confirmed.status(), confirmed.body().toString());
        String runId = confirmed.data().get("run").get("run_id").asText();
        assertEquals("failed", awaitRunEnd(api(), chat, runId).get("status").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> events(api(), chat, "assistant_message").stream()
                .anyMatch(e -> e.get("run_id").asText().equals(runId)));
        JsonNode explained = events(api(), chat, "assistant_message").stream()
                .filter(e -> e.get("run_id").asText().equals(runId)).findFirst().orElseThrow();
        assertTrue(explained.get("text").asText().startsWith("The workflow did not finish: "), explained.toString());
        assertTrue(explained.get("text").asText().contains("no_such_column"), explained.toString());
    }

    @Test
    void anotherUsersConversationAndSuggestions_are404() {
        String chat = chatWithPeople();
        String suggestionId = reply(api(), chat, REQUEST).get("suggestion").get("suggestion_id").asText();
        ApiClient.Answer key = api().post("/api/v1/admin/api-keys", "{\"user\":\"mallory-" + UUID.randomUUID()
                + "\",\"name\":\"test\",\"admin\":false}");
        ApiClient other = api().withToken(key.data().get("api_key").asText());
        assertEquals(404, say(other, chat, "yes").status());
        assertEquals(404, other.post(path(chat) + "/suggestions/" + suggestionId + "/confirm", null).status());
        assertEquals(404, other.post(path(chat) + "/suggestions/" + suggestionId + "/discard", null).status());
        assertTrue(api().get(path(chat) + "/runs").data().get("runs").isEmpty());
    }

    @Test
    void badMessages_are422NamingTheField_andUnknownConversationsAndSuggestions404() {
        String chat = chatWithPeople();
        ApiClient.Answer empty = say(api(), chat, "   ");
        assertEquals(422, empty.status());
        assertTrue(empty.body().toString().contains("\"text\""), empty.body().toString());
        ApiClient.Answer tooLong = say(api(), chat, "x".repeat(4001));
        assertEquals(422, tooLong.status());
        assertTrue(tooLong.message().contains("4000"), tooLong.body().toString());
        assertEquals(422, api().post(path(chat) + "/messages", "{}").status());
        assertEquals(0, api().get(path(chat) + "/messages").data().get("messages").size() - 1,
                "only the upload's line: nothing was recorded");
        assertEquals(404, say(api(), UUID.randomUUID().toString(), "hello").status());
        assertEquals(404, api().post(path(chat) + "/suggestions/" + UUID.randomUUID() + "/confirm", null).status());
        assertEquals(404, api().post(path(chat) + "/suggestions/not-an-id/discard", null).status());
    }
}
