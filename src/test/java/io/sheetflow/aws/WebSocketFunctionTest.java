package io.sheetflow.aws;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.sheetflow.event.EventRelay;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.event.EventService;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.lambda.WebSocketFunction;
import io.sheetflow.security.ApiKeyService;
import io.sheetflow.security.Caller;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.TestLambdaContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket function with API Gateway's events in-process; frames go to the management API stand-in. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketFunctionTest {
    private static final String JWT_SECRET = "a-test-secret-that-is-long-enough-for-hs256!";
    private final ObjectMapper mapper = new ObjectMapper();
    private LambdaApp app;
    private WebSocketFunction function;
    private String aliceKey;
    private String bobKey;
    private WebSocketConnectionRepository connections;

    @BeforeAll
    void start() {
        // No replay here may stop for lack of time, however busy the machine: the budget's effect is not under test.
        app = new LambdaApp(Map.of("sheetflow.auth.jwt-secret", JWT_SECRET,
                "sheetflow.websocket.replay-time-budget", "10m"));
        function = new WebSocketFunction(app.context);
        aliceKey = app.bean(ApiKeyService.class).create("alice", "alice test", false).secret();
        bobKey = app.bean(ApiKeyService.class).create("bob", "bob test", false).secret();
        connections = app.bean(WebSocketConnectionRepository.class);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private int invoke(APIGatewayV2WebSocketEvent event) {
        return function.handleRequest(event, new TestLambdaContext("WebSocketFunction", 30_000)).getStatusCode();
    }

    private int connect(String connectionId, Object chatId, String token) {
        return invoke(LambdaApp.connect(connectionId, Map.of("chat_id", String.valueOf(chatId), "token", token), Map.of()));
    }

    private static String id() {
        return "conn-" + UUID.randomUUID().toString().substring(0, 8) + "=";
    }

    private List<JsonNode> frames(String connectionId) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        for (String frame : app.managementApi.frames(connectionId)) {
            frames.add(mapper.readTree(frame));
        }
        return frames;
    }

    private List<String> types(String connectionId) throws Exception {
        return frames(connectionId).stream().map(f -> f.path("type").asText()).toList();
    }

    @Test
    void connect_withABadOrMissingToken_isRefusedWith401() {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String bad = id();
        assertEquals(401, connect(bad, chat.id(), "sfk_wrong"));
        assertEquals(401, invoke(LambdaApp.connect(bad, Map.of("chat_id", chat.id().toString()), Map.of())));
        assertFalse(connections.existsById(bad));
    }

    @Test
    void connect_toSomeoneElsesOrAnUnknownChat_isRefusedWith404() {
        Conversation alices = app.newConversation(new Caller("alice", false));
        String bobs = id();
        assertEquals(404, connect(bobs, alices.id(), bobKey));
        assertEquals(404, connect(bobs, UUID.randomUUID(), bobKey));
        assertEquals(404, connect(bobs, "not-a-uuid", bobKey));
        assertEquals(400, invoke(LambdaApp.connect(bobs, Map.of("token", bobKey), Map.of())));
        assertFalse(connections.existsById(bobs));
    }

    @Test
    void connect_ownerWithQueryToken_orBearerHeader_orAnAdmin_isAcceptedAndRecorded() {
        Conversation alices = app.newConversation(new Caller("alice", false));
        String viaQuery = id();
        String viaHeader = id();
        String admin = id();
        assertEquals(200, connect(viaQuery, alices.id(), aliceKey));
        assertEquals(200, invoke(LambdaApp.connect(viaHeader, Map.of("chat_id", alices.id().toString()),
                Map.of("authorization", "Bearer " + aliceKey))));
        assertEquals(200, connect(admin, alices.id(), app.adminToken));

        WebSocketConnection row = connections.findById(viaQuery).orElseThrow();
        assertEquals(alices.id(), row.conversationId());
        assertEquals("alice", row.userId());
        assertFalse(row.admin());
        assertTrue(connections.findById(admin).orElseThrow().admin());
    }

    @Test
    void connect_withAJwt_authenticatesItsSubject_andAnExpiredOneIsRefused() throws Exception {
        Conversation carols = app.newConversation(new Caller("carol", false));
        String connection = id();
        assertEquals(401, connect(connection, carols.id(), jwt("carol", Instant.now().minusSeconds(60))));
        assertEquals(404, connect(connection, carols.id(), jwt("dave", Instant.now().plusSeconds(300))));
        assertEquals(200, connect(connection, carols.id(), jwt("carol", Instant.now().plusSeconds(300))));
        assertEquals("carol", connections.findById(connection).orElseThrow().userId());
    }

    private static String jwt(String subject, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", List.of())
                .issueTime(new Date()).expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(JWT_SECRET));
        return jwt.serialize();
    }

    @Test
    void connect_overTheUsersConnectionLimit_isRefusedWith429() {
        String frankKey = app.bean(ApiKeyService.class).create("frank", "frank test", false).secret();
        Conversation chat = app.newConversation(new Caller("frank", false));
        for (int i = 0; i < 20; i++) {
            assertEquals(200, connect(id(), chat.id(), frankKey));
        }
        String oneTooMany = id();
        assertEquals(429, connect(oneTooMany, chat.id(), frankKey));
        assertFalse(connections.existsById(oneTooMany));
    }

    @Test
    void messageFromAnUnknownConnection_getsAnError_andIsClosed() throws Exception {
        String unknown = id();
        assertEquals(200, invoke(LambdaApp.message(unknown, "{\"type\":\"ping\"}")));
        assertEquals(List.of("error"), types(unknown));
        assertTrue(app.managementApi.closed(unknown));
    }

    @Test
    void disconnect_deletesTheConnectionRow() {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String connection = id();
        assertEquals(200, connect(connection, chat.id(), aliceKey));
        assertEquals(200, invoke(LambdaApp.disconnect(connection)));
        assertFalse(connections.existsById(connection));
    }

    @Test
    void ping_getsPong_asTextOrJsonOrTheReferencesEventPing() throws Exception {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String connection = id();
        connect(connection, chat.id(), aliceKey);
        invoke(LambdaApp.message(connection, "ping"));
        invoke(LambdaApp.message(connection, "{\"type\":\"ping\"}"));
        invoke(LambdaApp.message(connection, "{\"event\":\"ping\"}"));
        assertEquals(List.of("pong", "pong", "pong"), types(connection));
    }

    @Test
    void unknownMessages_getAck_andInvalidJsonGetsError() throws Exception {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String connection = id();
        connect(connection, chat.id(), aliceKey);
        invoke(LambdaApp.message(connection, "{\"type\":\"hello\",\"n\":1}"));
        invoke(LambdaApp.message(connection, "{not json"));
        List<JsonNode> frames = frames(connection);
        assertEquals("ack", frames.get(0).path("type").asText());
        assertEquals(1, frames.get(0).path("original").path("n").asInt());
        assertEquals("error", frames.get(1).path("type").asText());
        assertEquals("Invalid JSON", frames.get(1).path("message").asText());
    }

    @Test
    void resume_replaysTheLoggedEventsAfterSince_inOrder() throws Exception {
        Conversation chat = app.newConversation(new Caller("alice", false));
        EventService events = app.bean(EventService.class);
        List<StoredEvent> published = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            published.add(publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("i", i)));
        }
        String connection = id();
        connect(connection, chat.id(), aliceKey);

        invoke(LambdaApp.message(connection, "{\"type\":\"resume\",\"since\":5}"));

        List<String> expected = new ArrayList<>(published.stream().filter(e -> e.seq() > 5).map(StoredEvent::json).toList());
        assertEquals(expected, app.managementApi.frames(connection));

        // After the replay, live events reach the connection again.
        expected.add(publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("i", 30)).json());
        assertEquals(expected, app.managementApi.frames(connection));
    }

    @Test
    void resume_duringAnActiveRun_endsAtTheLivePoint_withoutAStoppedError_andEveryEventInOrder() throws Exception {
        Conversation chat = app.newConversation(new Caller("alice", false));
        for (int i = 0; i < 10; i++) {
            publishAndDeliver(chat.id(), "alice", null, "progress", Map.of("i", i));
        }
        String connection = id();
        connect(connection, chat.id(), aliceKey);
        // A run that goes on all along: each event the connection receives, from the replay or live, is followed by
        // the next one, for more events than a replay may send.
        long last = 10 + WebSocketRoutes.MAX_REPLAY + 600;
        EventService events = app.bean(EventService.class);
        java.util.Set<Long> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        app.managementApi.onFrame((id, frame) -> {
            long seq = seqOf(frame);
            if (id.equals(connection) && seq >= 10 && seq < last && answered.add(seq)) {
                events.publish(chat.id(), "alice", null, "progress", Map.of("i", seq));
            }
        });
        try {
            invoke(LambdaApp.message(connection, "{\"type\":\"resume\",\"since\":0}"));
            // Live events go out when the relay is flushed (as at the end of every invocation on Lambda).
            await().atMost(Duration.ofMinutes(2)).until(() -> app.bean(EventRelay.class).flush(Duration.ofSeconds(30))
                    && app.managementApi.frames(connection).stream().anyMatch(f -> seqOf(f) == last));
        } finally {
            app.managementApi.onFrame(null);
        }
        assertEquals(List.of(), types(connection).stream().filter("error"::equals).toList(),
                "the replay reached the live point: no 'Replay stopped' error");
        // Around the moment live events flow again an event may arrive twice (the documented contract: clients drop
        // a seq they already have); what is left is every event, in order.
        List<Long> seqs = frames(connection).stream().map(f -> f.path("seq").asLong()).toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList(),
                seqs.stream().distinct().toList(), "every event, in order, once repeats are dropped");
    }

    @Test
    void resume_longerThanOneBatch_renewsTheHoldOnLiveEvents_beforeEachBatch() throws Exception {
        Conversation chat = app.newConversation(new Caller("alice", false));
        EventService events = app.bean(EventService.class);
        int total = WebSocketRoutes.REPLAY_BATCH + 5;
        for (int i = 0; i < total; i++) {
            events.publish(chat.id(), "alice", null, "progress", Map.of("i", i));
        }
        assertTrue(app.bean(EventRelay.class).flush(Duration.ofSeconds(30)));
        String connection = id();
        connect(connection, chat.id(), aliceKey);
        long first = chatFirstSeq(chat.id());
        List<Instant> holds = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.managementApi.onFrame((id, frame) -> {
            long seq = seqOf(frame);
            if (id.equals(connection) && (seq == first || seq == first + WebSocketRoutes.REPLAY_BATCH)) {
                holds.add(heldUntil(connection));
            }
        });
        try {
            invoke(LambdaApp.message(connection, "{\"type\":\"resume\",\"since\":0}"));
        } finally {
            app.managementApi.onFrame(null);
        }
        assertEquals(total, app.managementApi.frames(connection).size());
        assertEquals(2, holds.size());
        assertTrue(holds.get(1).isAfter(holds.get(0)),
                "the second batch renewed the hold: " + holds);
        assertNull(heldUntil(connection), "released after the replay");
    }

    private long chatFirstSeq(UUID chatId) {
        return app.bean(io.sheetflow.event.EventLog.class).since(chatId, 0, 1).get(0).seq();
    }

    private Instant heldUntil(String connectionId) {
        try (var c = DelegatingDataSource.unwrapDataSource(app.bean(javax.sql.DataSource.class)).getConnection();
             var st = c.prepareStatement("SELECT replaying_until FROM websocket_connection WHERE connection_id = ?")) {
            st.setString(1, connectionId);
            try (var rs = st.executeQuery()) {
                assertTrue(rs.next());
                var at = rs.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long seqOf(String frame) {
        try {
            return mapper.readTree(frame).path("seq").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void subscribe_toAnotherUsersChat_isRefused_andTheConnectionKeepsItsChat() throws Exception {
        Conversation alices = app.newConversation(new Caller("alice", false));
        Conversation alicesOther = app.newConversation(new Caller("alice", false));
        Conversation bobs = app.newConversation(new Caller("bob", false));
        publishAndDeliver(alicesOther.id(), "alice", null, "progress", Map.of("i", 1));
        String connection = id();
        connect(connection, alices.id(), aliceKey);

        invoke(LambdaApp.message(connection, "{\"type\":\"subscribe\",\"chat_id\":\"" + bobs.id() + "\"}"));
        assertEquals(alices.id(), connections.findById(connection).orElseThrow().conversationId());

        invoke(LambdaApp.message(connection, "{\"type\":\"subscribe\",\"chat_id\":\"" + alicesOther.id() + "\",\"since\":0}"));
        assertEquals(alicesOther.id(), connections.findById(connection).orElseThrow().conversationId());

        List<JsonNode> frames = frames(connection);
        assertEquals("error", frames.get(0).path("type").asText());
        assertEquals("Conversation not found", frames.get(0).path("message").asText());
        assertEquals("connected", frames.get(1).path("type").asText());
        assertEquals(alicesOther.id().toString(), frames.get(1).path("chat_id").asText());
        assertEquals("progress", frames.get(2).path("type").asText());
        assertEquals(1, frames.get(2).path("seq").asLong());
    }

    @Test
    void tooLargeMessage_getsAnError_andTheConnectionIsClosed() throws Exception {
        Conversation chat = app.newConversation(new Caller("alice", false));
        String connection = id();
        connect(connection, chat.id(), aliceKey);
        invoke(LambdaApp.message(connection, "x".repeat(70_000)));
        assertEquals(List.of("error"), types(connection));
        assertTrue(app.managementApi.closed(connection));
    }

    @Test
    void housekeeping_deletesConnectionRowsOlderThanApiGatewaysTwoHourMaximum() {
        Conversation chat = app.newConversation(new Caller("alice", false));
        Instant now = Instant.now();
        String stale = id();
        String fresh = id();
        connections.save(new WebSocketConnection(stale, chat.id(), "alice", false, now.minus(Duration.ofMinutes(121)),
                now.minus(Duration.ofMinutes(100))));
        connections.save(new WebSocketConnection(fresh, chat.id(), "alice", false, now.minus(Duration.ofMinutes(119)),
                now.minus(Duration.ofMinutes(100))));

        app.bean(LambdaHousekeeping.class).sweep(now);

        assertFalse(connections.existsById(stale));
        assertTrue(connections.existsById(fresh));
    }

    /** Publishes and waits for the relay to deliver, as a Lambda invocation does before it returns. */
    private StoredEvent publishAndDeliver(UUID chatId, String owner, UUID runId, String type, Map<String, ?> fields) {
        StoredEvent event = app.bean(EventService.class).publish(chatId, owner, runId, type, fields);
        assertTrue(app.bean(EventRelay.class).flush(Duration.ofSeconds(30)), "delivered");
        return event;
    }
}
