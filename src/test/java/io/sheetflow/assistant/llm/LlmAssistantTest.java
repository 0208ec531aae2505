package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real server with {@code sheetflow.assistant.planner: llm} pointed at the stand-in model. */
@MicronautTest(transactional = false)
class LlmAssistantTest extends ServerTest {
    final OpenAiStandIn standIn = new OpenAiStandIn();

    @Override
    protected Map<String, String> extraProperties() {
        return standIn.plannerSettings("20s");
    }

    @AfterAll
    void stop() {
        standIn.close();
    }

    @Test
    void aMessage_streamsTheModelsDeltas_andEndsWithItsSuggestion() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", Csv.people(dataDir, 20)).status());
        String path = "/api/v1/chat/workflows/" + chat;
        String fileId = api().get(path + "/files").data().get("files").get(0).get("file_id").asText();
        String arguments = "{\"input_file_id\":\"" + fileId + "\",\"steps\":[{\"operation\":\"excel/extract-columns-to-file\","
                + "\"arguments\":{\"columns\":[\"email\",\"name\"]}}]}";
        standIn.answer(200, OpenAiStandIn.stream(List.of("I will take ", "email and name."), PlanTools.PROPOSE,
                OpenAiStandIn.pieces(arguments, 10)));

        ApiClient.Answer accepted = api().post(path + "/messages",
                ApiClient.JSON.createObjectNode().put("text", "take email and name").toString());
        assertEquals(202, accepted.status(), accepted.body().toString());
        String replyId = accepted.data().get("reply_id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> !events(path, "assistant_message", replyId).isEmpty());

        JsonNode message = events(path, "assistant_message", replyId).get(0);
        List<JsonNode> deltas = events(path, "assistant_delta", replyId);
        assertEquals("I will take ", deltas.get(0).get("text").asText());
        assertEquals("email and name.", deltas.get(1).get("text").asText());
        StringBuilder streamed = new StringBuilder();
        deltas.forEach(d -> streamed.append(d.get("text").asText()));
        assertEquals(message.get("text").asText(), streamed.toString(), "the chunks add up to the final text");
        assertEquals("complete", message.get("state").asText());
        JsonNode suggestion = message.get("suggestion");
        assertEquals(fileId, suggestion.get("input_file_id").asText(), message.toString());
        assertEquals("excel/extract-columns-to-file", suggestion.get("steps").get(0).get("operation").asText(),
                suggestion.toString());
        assertTrue(standIn.requests.get(0).body().contains(fileId));
    }

    @Test
    void repliesBehindASlowOne_carryTheirQueuePosition_onTheMessagesAndInTheirEvents_andMoveUpAsTheOnesAheadEnd() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", Csv.people(dataDir, 20)).status());
        String path = "/api/v1/chat/workflows/" + chat;
        CountDownLatch slow = standIn.answerWhenReleased(OpenAiStandIn.stream(List.of("Slow."), null, List.of()));
        standIn.answer(200, OpenAiStandIn.stream(List.of("Second."), null, List.of()));
        standIn.answer(200, OpenAiStandIn.stream(List.of("Third."), null, List.of()));

        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiClient.Answer accepted = api().post(path + "/messages",
                    ApiClient.JSON.createObjectNode().put("text", "message " + i).toString());
            assertEquals(202, accepted.status(), accepted.body().toString());
            assertEquals(i, accepted.data().get("reply").get("queue_position").asInt(), "replies ahead: " + accepted.body());
            replies.add(accepted.data().get("reply_id").asText());
        }
        Map<String, Integer> positions = new java.util.HashMap<>();
        api().get(path + "/messages").data().get("messages").forEach(m -> {
            if (replies.subList(1, 3).contains(m.get("message_id").asText())) {
                assertEquals("queued", m.get("state").asText(), m.toString());
                positions.put(m.get("message_id").asText(), m.get("queue_position").asInt());
            }
        });
        assertEquals(Map.of(replies.get(1), 1, replies.get(2), 2), positions);

        slow.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> !events(path, "assistant_message", replies.get(2)).isEmpty());
        assertEquals(List.of(0), queuePositions(path, replies.get(0)));
        assertEquals(List.of(1, 0), queuePositions(path, replies.get(1)), "moved up when the first ended");
        assertEquals(List.of(2, 1, 0), queuePositions(path, replies.get(2)), "moved up as each one ahead ended");
        api().get(path + "/messages").data().get("messages")
                .forEach(m -> assertTrue(m.get("queue_position").isNull(), "no position once written: " + m));
    }

    private List<Integer> queuePositions(String path, String messageId) {
        return events(path, "assistant_queued", messageId).stream().map(e -> e.get("queue_position").asInt()).toList();
    }

    private List<JsonNode> events(String path, String type, String messageId) {
        List<JsonNode> found = new ArrayList<>();
        api().get(path + "/events?since=0").data().get("events").forEach(e -> {
            if (e.get("type").asText().equals(type) && e.path("message_id").asText().equals(messageId)) {
                found.add(e);
            }
        });
        return found;
    }
}
