package io.sheetflow.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class ConversationApiTest extends ServerTest {

    @Test
    void create_answers201WithEnvelopeWhoseStatusCodeMatches() {
        Answer created = api().post("/api/v1/chat/workflows", null);
        assertEquals(201, created.status());
        assertEquals(201, created.body().get("status_code").asInt());
        assertEquals("Conversation created successfully", created.message());
        JsonNode meta = created.body().get("meta");
        assertEquals("v1", meta.get("api_version").asText());
        assertEquals("en_US", meta.get("locale").asText());
        assertEquals(32, meta.get("request_id").asText().length());
        assertEquals(meta.get("request_id").asText(), created.raw().headers().firstValue("X-Request-Id").orElseThrow());
        JsonNode data = created.data();
        assertTrue(data.get("participant_name").asText().matches("[A-Za-z]+-\\d{4}"), data.toString());
        assertEquals("created", data.get("status").asText());
        assertEquals(0, data.get("messages").size());
    }

    @Test
    void list_showsNewestActivityFirstWithCountsAndPreview() {
        String older = api().createChat();
        String newer = api().createChat();
        api().upload(older, "people.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));

        Answer list = api().get("/api/v1/chat/workflows?limit=500");
        assertEquals(200, list.status());
        List<String> ids = new ArrayList<>();
        list.data().get("conversations").forEach(c -> ids.add(c.get("chat_id").asText()));
        assertTrue(ids.indexOf(older) < ids.indexOf(newer), "the conversation with the latest activity comes first");
        JsonNode first = list.data().get("conversations").get(ids.indexOf(older));
        assertEquals(1, first.get("file_count").asInt());
        assertEquals(1, first.get("message_count").asInt());
        assertEquals("Uploaded people.csv", first.get("preview").asText());
        assertEquals(list.data().get("total").asLong(), list.body().get("total").asLong());
    }

    @Test
    void list_pagesWithLimitAndOffsetAndFiltersByStatus() {
        for (int i = 0; i < 3; i++) {
            api().createChat();
        }
        Answer page1 = api().get("/api/v1/chat/workflows?limit=2&offset=0");
        Answer page2 = api().get("/api/v1/chat/workflows?limit=2&offset=2");
        assertEquals(2, page1.data().get("count").asInt());
        assertFalse(page1.data().get("conversations").get(0).get("chat_id").asText()
                .equals(page2.data().get("conversations").get(0).get("chat_id").asText()));

        Answer created = api().get("/api/v1/chat/workflows?status=created&limit=500");
        created.data().get("conversations").forEach(c -> assertEquals("created", c.get("status").asText()));
        Answer none = api().get("/api/v1/chat/workflows?status=failed");
        assertEquals(0, none.data().get("count").asInt());
    }

    @Test
    void list_withBadParameters_answers422NamingTheParameter() {
        Answer badLimit = api().get("/api/v1/chat/workflows?limit=abc");
        assertEquals(422, badLimit.status());
        assertEquals(422, badLimit.body().get("status_code").asInt());
        assertTrue(badLimit.message().contains("limit"), badLimit.message());

        Answer badStatus = api().get("/api/v1/chat/workflows?status=sleeping");
        assertEquals(422, badStatus.status());
        assertTrue(badStatus.message().contains("sleeping"));
    }

    @Test
    void unknownOrMalformedId_answers404InEnvelope() {
        Answer unknown = api().get("/api/v1/chat/workflows/7d0c0d8e-0000-4000-8000-000000000000");
        assertEquals(404, unknown.status());
        assertEquals("Conversation not found", unknown.message());
        assertEquals(404, unknown.body().get("status_code").asInt());
        assertEquals(404, api().get("/api/v1/chat/workflows/not-a-uuid").status());
    }

    @Test
    void messages_arePagedBackwardsWithBefore() {
        String chat = api().createChat();
        for (int i = 1; i <= 5; i++) {
            api().upload(chat, "f" + i + ".csv", "x\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        Answer latest = api().get("/api/v1/chat/workflows/" + chat + "/messages?limit=2");
        assertEquals(List.of("Uploaded f4.csv", "Uploaded f5.csv"), contents(latest.data().get("messages")));
        long before = latest.data().get("next_before").asLong();
        Answer older = api().get("/api/v1/chat/workflows/" + chat + "/messages?limit=2&before=" + before);
        assertEquals(List.of("Uploaded f2.csv", "Uploaded f3.csv"), contents(older.data().get("messages")));
        Answer oldest = api().get("/api/v1/chat/workflows/" + chat + "/messages?limit=2&before="
                + older.data().get("next_before").asLong());
        assertEquals(List.of("Uploaded f1.csv"), contents(oldest.data().get("messages")));
        assertTrue(oldest.data().get("next_before").isNull());
    }

    @Test
    void rename_setsTitle() {
        String chat = api().createChat();
        Answer renamed = api().patch("/api/v1/chat/workflows/" + chat, "{\"title\":\"Q3 sales clean-up\"}");
        assertEquals(200, renamed.status());
        assertEquals("Q3 sales clean-up", api().get("/api/v1/chat/workflows/" + chat).data().get("title").asText());
    }

    @Test
    void delete_removesRowsAndStoredObjects() {
        String chat = api().createChat();
        long objectsBefore = countObjects();
        api().upload(chat, "a.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(objectsBefore + 1, countObjects());

        Answer deleted = api().delete("/api/v1/chat/workflows/" + chat);
        assertEquals(200, deleted.status());
        assertEquals(chat, deleted.data().get("chat_id").asText());
        assertEquals(objectsBefore, countObjects());
        assertEquals(404, api().get("/api/v1/chat/workflows/" + chat).status());
        assertEquals(404, api().delete("/api/v1/chat/workflows/" + chat).status());
    }

    @Test
    void unknownRouteAndWrongMethod_answerInEnvelope() {
        Answer missing = api().get("/api/v1/nothing-here");
        assertEquals(404, missing.status());
        assertEquals(404, missing.body().get("status_code").asInt());
        Answer wrongMethod = api().send(java.net.http.HttpRequest.newBuilder(
                api().base().resolve("/api/v1/health")).method("PUT", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, wrongMethod.status());
        assertEquals(405, wrongMethod.body().get("status_code").asInt());
    }

    @Test
    void health_andReadiness_report() {
        Answer health = api().get("/api/v1/health");
        assertEquals("healthy", health.data().get("status").asText());
        Answer ready = api().get("/api/v1/health/ready");
        assertEquals(200, ready.status());
        assertTrue(ready.data().get("ready").asBoolean());
        assertNotNull(ready.data().get("checks").get("database"));
    }

    @Test
    void sameOriginBrowserRequests_areServed_crossOriginOnesGetNoCorsGrant() {
        String own = api().base().toString().replaceAll("/$", "");
        Answer sameOrigin = api().send(java.net.http.HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows"))
                .header("Origin", own).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, sameOrigin.status(), sameOrigin.body().toString());
        Answer foreign = api().send(java.net.http.HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows"))
                .header("Origin", "https://evil.example").GET());
        assertTrue(foreign.raw().headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    private static List<String> contents(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.get("content").asText()));
        return out;
    }
}
