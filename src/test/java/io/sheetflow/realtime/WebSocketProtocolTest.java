package io.sheetflow.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class WebSocketProtocolTest extends ServerTest {

    @Test
    void connect_sendsConnectedWithProtocolVersionAndLatestSeq() {
        String chat = api().createChat();
        try (TestSocket socket = socket("/chat/" + chat)) {
            JsonNode connected = socket.awaitType("connected");
            assertEquals(1, connected.get("protocol").asInt());
            assertEquals(chat, connected.get("chat_id").asText());
            assertEquals(0, connected.get("seq").asLong());
            assertTrue(connected.hasNonNull("timestamp"));
        }
    }

    @Test
    void rawAndJsonPing_getPong() {
        String chat = api().createChat();
        try (TestSocket socket = socket("/chat/" + chat)) {
            socket.awaitType("connected");
            socket.send("ping");
            socket.send("{\"type\":\"ping\"}");
            await().until(() -> socket.frames("pong").size() == 2);
            assertTrue(socket.frames("error").isEmpty(), "the studio's raw-text heartbeat is not an error");
        }
    }

    @Test
    void referenceFrontEndsEventPing_getsPong() {
        String chat = api().createChat();
        try (TestSocket socket = socket("/chat/" + chat)) {
            socket.awaitType("connected");
            socket.send("{\"event\":\"ping\"}");
            socket.awaitType("pong");
            assertTrue(socket.frames("ack").isEmpty(), "answered as a ping, not acknowledged as an unknown message");
            assertTrue(socket.frames("error").isEmpty());
        }
    }

    @Test
    void unknownType_getsAckWithOriginal_andInvalidJson_getsError() {
        String chat = api().createChat();
        try (TestSocket socket = socket("/chat/" + chat)) {
            socket.awaitType("connected");
            socket.send("{\"type\":\"hello\",\"n\":1}");
            JsonNode ack = socket.awaitType("ack");
            assertEquals("hello", ack.get("original").get("type").asText());
            assertEquals(1, ack.get("original").get("n").asInt());
            socket.send("{not json");
            assertEquals("Invalid JSON", socket.awaitType("error").get("message").asText());
        }
    }

    @Test
    void queryStringIsNotPartOfTheChatId() {
        String chat = api().createChat();
        try (TestSocket socket = socket("/chat/" + chat + "?since=0&client=studio")) {
            assertEquals(chat, socket.awaitType("connected").get("chat_id").asText());
        }
    }

    @Test
    void unknownConversation_getsErrorAndClose() {
        try (TestSocket socket = socket("/chat/00000000-0000-4000-8000-000000000000")) {
            assertEquals("Conversation not found", socket.awaitType("error").get("message").asText());
            assertEquals(4404, socket.awaitClose());
        }
    }

    @Test
    void subscribe_switchesConversation_andUnknownTargetKeepsTheOldOne() {
        String first = api().createChat();
        String second = api().createChat();
        try (TestSocket socket = socket("/chat/" + first)) {
            socket.awaitType("connected");
            socket.send("{\"type\":\"subscribe\",\"chat_id\":\"" + second + "\"}");
            socket.awaitFrame(f -> "connected".equals(f.path("type").asText()) && second.equals(f.path("chat_id").asText()));
            socket.send("{\"type\":\"subscribe\",\"chat_id\":\"nope\"}");
            assertEquals("Conversation not found", socket.awaitType("error").get("message").asText());
            socket.send("ping");
            socket.awaitType("pong");
            assertTrue(!socket.isClosed());
        }
    }

    @Test
    void statsCountConnections() {
        String chat = api().createChat();
        int before = api().get("/api/v1/stats").data().get("websocket").get("connections").asInt();
        try (TestSocket a = socket("/chat/" + chat); TestSocket b = socket("/events")) {
            a.awaitType("connected");
            b.awaitType("connected");
            await().until(() -> api().get("/api/v1/stats").data().get("websocket").get("connections").asInt() == before + 2);
            JsonNode stats = api().get("/api/v1/stats").data().get("websocket");
            assertTrue(stats.get("chat_subscriptions").asInt() >= 1);
            assertTrue(stats.get("user_streams").asInt() >= 1);
        }
        await().until(() -> api().get("/api/v1/stats").data().get("websocket").get("connections").asInt() == before);
    }
}
