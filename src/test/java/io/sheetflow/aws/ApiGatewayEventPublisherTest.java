package io.sheetflow.aws;

import java.time.Duration;
import io.sheetflow.event.EventRelay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.event.EventPublisher;
import io.sheetflow.event.EventService;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.security.Caller;
import io.sheetflow.support.LambdaApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live events posted to the connections of a conversation, through the management API stand-in. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiGatewayEventPublisherTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private LambdaApp app;
    private EventService events;
    private WebSocketConnectionRepository connections;

    @BeforeAll
    void start() {
        app = new LambdaApp(Map.of());
        events = app.bean(EventService.class);
        connections = app.bean(WebSocketConnectionRepository.class);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private String connected(Conversation chat) {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 12) + "=";
        Instant now = Instant.now();
        connections.save(new WebSocketConnection(id, chat.id(), chat.owner(), false, now, now));
        return id;
    }

    @Test
    void theLambdaRuntimeDeliversThroughApiGateway() {
        assertInstanceOf(ApiGatewayEventPublisher.class, app.bean(EventPublisher.class));
    }

    @Test
    void postsToEveryConnectionOfTheChat_andDeletesOnlyTheGoneConnectionsRow() {
        Conversation chat = app.newConversation(new Caller("alice", false));
        Conversation other = app.newConversation(new Caller("alice", false));
        List<String> live = List.of(connected(chat), connected(chat), connected(chat), connected(chat));
        String gone = connected(chat);
        String elsewhere = connected(other);
        app.managementApi.markGone(gone);

        StoredEvent first = publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("progress", 10));
        StoredEvent second = publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("progress", 20));

        for (String connection : live) {
            assertEquals(List.of(first.json(), second.json()), app.managementApi.frames(connection));
            assertTrue(connections.existsById(connection));
        }
        assertFalse(connections.existsById(gone));
        assertEquals(1, app.managementApi.attempts(gone), "the gone connection is not posted to again");
        assertTrue(connections.existsById(elsewhere));
        assertTrue(app.managementApi.frames(elsewhere).isEmpty());
    }

    @Test
    void connectionBeingSentAReplay_getsNoLiveEventsUntilTheReplayEnds() {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String replaying = connected(chat);
        String other = connected(chat);
        connections.holdLiveUntil(replaying, Instant.now().plusSeconds(30));

        StoredEvent held = publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("progress", 1));
        connections.holdLiveUntil(replaying, null);
        StoredEvent after = publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("progress", 2));

        assertEquals(List.of(after.json()), app.managementApi.frames(replaying));
        assertEquals(List.of(held.json(), after.json()), app.managementApi.frames(other));
    }

    @Test
    void anExpiredReplayHold_noLongerHoldsEventsBack() {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String connection = connected(chat);
        connections.holdLiveUntil(connection, Instant.now().minusSeconds(1));

        StoredEvent event = publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("progress", 1));

        assertEquals(List.of(event.json()), app.managementApi.frames(connection));
    }

    @Test
    void failedPosts_areRetriedWithBackoff_thenGivenUpWithoutFailingThePublisher() {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String flaky = connected(chat);
        String broken = connected(chat);
        app.managementApi.failNext(flaky, 2);
        app.managementApi.failNext(broken, 1000);

        StoredEvent event = publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("progress", 50));

        assertEquals(3, app.managementApi.attempts(flaky));
        assertEquals(List.of(event.json()), app.managementApi.frames(flaky));
        assertEquals(3, app.managementApi.attempts(broken));
        assertTrue(app.managementApi.frames(broken).isEmpty());
        assertTrue(connections.existsById(broken), "only a 410 removes a connection");
    }

    @Test
    void eventOverApiGatewaysMessageLimit_isSentCutDownWithLinks() throws Exception {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String connection = connected(chat);
        UUID runId = UUID.randomUUID();
        String big = "x".repeat(200 * 1024);

        StoredEvent event = publishAndDeliver(chat.id(), "alice", runId, "step_result",
                Map.of("step_index", 0, "result", Map.of("values", big), "output_files", List.of()));

        String frame = app.managementApi.frames(connection).get(0);
        assertTrue(frame.getBytes(StandardCharsets.UTF_8).length <= ApiGatewayFrames.MAX_MESSAGE_BYTES);
        JsonNode json = mapper.readTree(frame);
        assertEquals("step_result", json.path("type").asText());
        assertEquals(event.seq(), json.path("seq").asLong());
        assertTrue(json.path("result").isNull());
        assertTrue(json.path("truncated").asBoolean());
        assertEquals("https://api.example.test/api/v1/chat/workflows/" + chat.id() + "/events?since=" + (event.seq() - 1)
                + "&limit=1", json.path("links").path("event").asText());
        assertEquals("https://api.example.test/api/v1/chat/workflows/" + chat.id() + "/runs/" + runId,
                json.path("links").path("run").asText());
        assertTrue(json.has("output_files"));
    }

    /** Publishes and waits for the relay to deliver, as a Lambda invocation does before it returns. */
    private StoredEvent publishAndDeliver(UUID chatId, String owner, UUID runId, String type, Map<String, ?> fields) {
        StoredEvent event = app.bean(EventService.class).publish(chatId, owner, runId, type, fields);
        assertTrue(app.bean(EventRelay.class).flush(Duration.ofSeconds(30)), "delivered");
        return event;
    }
}
