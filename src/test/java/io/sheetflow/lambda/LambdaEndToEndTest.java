package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.aws.WebSocketConnectionRepository;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.security.ApiKeyService;
import io.sheetflow.support.ElasticMq;
import io.sheetflow.support.HttpExchange;
import io.sheetflow.support.HttpExchange.Reply;
import io.sheetflow.support.JdkExchange;
import io.sheetflow.support.LambdaExchange;
import io.sheetflow.support.EmbeddedPostgres;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.S3Fixture;
import io.sheetflow.support.TestLambdaContext;
import io.sheetflow.workflow.RunStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The asynchronous half of the AWS runtime end to end, in one {@code lambda}-environment application: PostgreSQL,
 * files in S3 (s3proxy), the run queue on SQS (ElasticMQ), live events posted to a stand-in of the API Gateway
 * management API. The HTTP function creates a conversation, takes a file through a presigned S3 PUT and queues a
 * run (202); the run's message is taken from the queue and handed to the worker function, and two WebSocket connections opened through the
 * WebSocket function receive its events, except the one API Gateway reports gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaEndToEndTest {
    private static final String CSV = "id,name,email,signup_date\n1,Ann,ann@Example.com,2024-01-15\n"
            + "2,Bob,bob@example.com,2024-02-01\n3,Cy,cy@example.com,2024-03-09\n";
    private final ObjectMapper mapper = new ObjectMapper();
    private static final String CHATS = "/api/v1/chat/workflows";
    private LambdaApp app;
    private HttpExchange http;
    private WebSocketFunction webSocket;
    private WorkerFunction worker;

    @BeforeAll
    void start() {
        Map<String, String> properties = new java.util.HashMap<>(S3Fixture.newBucketProperties());
        properties.putAll(EmbeddedPostgres.newDatabaseProperties());
        app = new LambdaApp(properties);
        http = new LambdaExchange(new HttpFunction(app.context));
        webSocket = new WebSocketFunction(app.context);
        worker = new WorkerFunction(app.context);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void runFromTheQueue_streamsItsEventsToTheChatsConnections_andForgetsTheGoneOne() throws Exception {
        String aliceKey = app.bean(ApiKeyService.class).create("alice", "e2e", false).secret();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + aliceKey, "Content-Type", "application/json");

        // HTTP function: create the conversation, upload the file straight to S3 through a presigned PUT, complete it.
        Reply created = http.send("POST", CHATS, auth, null);
        assertEquals(201, created.status(), created.toString());
        String chatId = created.data().path("chat_id").asText();
        byte[] csv = CSV.getBytes(StandardCharsets.UTF_8);
        Reply started = http.send("POST", CHATS + "/" + chatId + "/uploads", auth,
                ("{\"filename\": \"people.csv\", \"size\": " + csv.length + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(201, started.status(), started.toString());
        JsonNode ticket = started.data();
        URI uploadUrl = URI.create(ticket.path("upload_url").asText());
        assertTrue(uploadUrl.toString().startsWith(app.context.getProperty("sheetflow.storage.s3.endpoint", String.class)
                .orElseThrow()), "a presigned S3 URL: " + uploadUrl);
        Map<String, String> putHeaders = new HashMap<>();
        ticket.path("headers").fields().forEachRemaining(e -> putHeaders.put(e.getKey(), e.getValue().asText()));
        Reply put = JdkExchange.sendTo(uploadUrl, "PUT", putHeaders, csv);
        assertEquals(200, put.status(), put.toString());
        Reply completed = http.send("POST", CHATS + "/" + chatId + "/uploads/" + ticket.path("file_id").asText()
                + "/complete", auth, null);
        assertEquals(201, completed.status(), completed.toString());

        String live = "L1ve-Conn3ction=";
        String gone = "G0ne-Conn3ction=";
        for (String connection : List.of(live, gone)) {
            int status = webSocket.handleRequest(LambdaApp.connect(connection,
                    Map.of("chat_id", chatId, "token", aliceKey), Map.of()),
                    new TestLambdaContext("WebSocketFunction", 30_000)).getStatusCode();
            assertEquals(200, status);
        }
        app.managementApi.markGone(gone);

        // Execute answers 202: the run is queued on SQS, not run in the request.
        Reply accepted = http.send("POST", CHATS + "/" + chatId + "/execute", auth, ("{\"steps\": ["
                + "{\"operation\": \"csv/convert-to-excel\"},"
                + "{\"operation\": \"excel/extract-columns-to-file\", \"arguments\": {\"columns\": [\"email\", \"id\"]}}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(202, accepted.status(), accepted.toString());
        UUID runId = UUID.fromString(accepted.data().path("run_id").asText());
        UUID chatUuid = UUID.fromString(chatId);
        assertEquals(RunStatus.QUEUED, app.run(runId).status());
        assertEquals(LambdaApp.WEBSOCKET_URL + "?chat_id=" + chatId,
                accepted.data().path("links").path("websocket").asText(), "the link names the WebSocket API");

        List<Message> messages = ElasticMq.receive(app.queueUrl, 10);
        assertEquals(1, messages.size());
        SQSBatchResponse response = worker.handleRequest(LambdaApp.sqsEvent(List.of(
                Map.entry(messages.get(0).messageId(), messages.get(0).body()))), new TestLambdaContext("WorkerFunction", 900_000));
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(RunStatus.COMPLETED, app.run(runId).status());

        // The live connection got every event of the run, in order, exactly as logged.
        List<String> frames = app.managementApi.frames(live);
        List<String> logged = app.bean(EventLog.class).since(chatUuid, 0, 1000).stream()
                .filter(e -> runId.equals(e.runId())).map(StoredEvent::json).toList();
        assertEquals(logged, frames);
        List<JsonNode> events = new ArrayList<>();
        for (String frame : frames) {
            events.add(mapper.readTree(frame));
        }
        List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
        assertEquals("workflow_queued", types.get(0));
        assertEquals("workflow_started", types.get(1));
        assertEquals("workflow_completed", types.get(types.size() - 1));
        assertEquals(List.of("workflow_queued", "workflow_started", "progress", "step_result", "progress", "step_result",
                "workflow_completed"), collapseRepeats(types));
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).path("seq").asLong() > events.get(i - 1).path("seq").asLong());
        }
        for (int step = 0; step < 2; step++) {
            int index = step;
            List<JsonNode> progress = events.stream().filter(e -> e.path("type").asText().equals("progress")
                    && e.path("step_index").asInt() == index).toList();
            assertEquals(0, progress.get(0).path("progress").asInt(), "step " + index + " starts at 0%");
            assertEquals(100, progress.get(progress.size() - 1).path("progress").asInt(), "step " + index + " ends at 100%");
            assertEquals("completed", progress.get(progress.size() - 1).path("status").asText());
        }

        // The step result links the output, which is in S3 with the extracted columns.
        JsonNode lastResult = events.stream().filter(e -> e.path("type").asText().equals("step_result"))
                .reduce((a, b) -> b).orElseThrow();
        JsonNode output = lastResult.path("output_files").get(0);
        assertTrue(output.path("download_url").asText().startsWith("https://api.example.test/api/v1/chat/workflows/"));
        StoredFile stored = app.bean(StoredFileRepository.class)
                .findById(java.util.UUID.fromString(output.path("file_id").asText())).orElseThrow();
        try (InputStream in = app.bean(FileService.class).open(stored)) {
            assertTrue(in.readAllBytes().length > 0);
        }

        // API Gateway answered 410 for the gone connection: exactly its row went, and it was not posted to again.
        WebSocketConnectionRepository connections = app.bean(WebSocketConnectionRepository.class);
        assertFalse(connections.existsById(gone));
        assertTrue(connections.existsById(live));
        assertTrue(app.managementApi.frames(gone).isEmpty());
        assertEquals(1, app.managementApi.attempts(gone));
    }

    @Test
    void executeWithWait_seesTheRunEndInTheWorker_andAnswers200() throws Exception {
        AliceChat alice = aliceChatWithPeopleCsv("e2e-wait");
        Map<String, String> auth = alice.auth();
        String chatId = alice.chatId();

        // The worker, as SQS would invoke it, in another thread: the HTTP request only sees the database.
        Thread pump = startWorkerPump();
        Reply waited = http.send("POST", CHATS + "/" + chatId + "/execute?wait=20", auth,
                "{\"steps\": [{\"operation\": \"csv/info\"}]}".getBytes(StandardCharsets.UTF_8));
        pump.join(30_000);
        assertEquals(200, waited.status(), waited.toString());
        assertEquals("completed", waited.data().path("status").asText(), waited.toString());
    }

    /** Alice's key named {@code keyName}, its headers, and a conversation of hers holding people.csv. */
    private record AliceChat(String key, Map<String, String> auth, String chatId, UUID chatUuid) {
    }

    private AliceChat aliceChatWithPeopleCsv(String keyName) throws Exception {
        String key = app.bean(ApiKeyService.class).create("alice", keyName, false).secret();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json");
        String chatId = http.send("POST", CHATS, auth, null).data().path("chat_id").asText();
        UUID chatUuid = UUID.fromString(chatId);
        app.upload(app.bean(io.sheetflow.conversation.ConversationRepository.class).findById(chatUuid).orElseThrow(),
                "people.csv", CSV);
        return new AliceChat(key, auth, chatId, chatUuid);
    }

    /** Takes what the HTTP function queued and hands it to the worker function as the SQS event source would. */
    private List<String> deliverQueued(int expected) {
        List<Message> queued = ElasticMq.receive(app.queueUrl, 10);
        assertEquals(expected, queued.size(), "messages on the queue: " + queued);
        SQSBatchResponse response = worker.handleRequest(LambdaApp.sqsEvent(queued.stream()
                .map(m -> Map.entry(m.messageId(), m.body())).toList()), new TestLambdaContext("WorkerFunction", 900_000));
        assertTrue(response.getBatchItemFailures().isEmpty());
        return queued.stream().map(Message::body).toList();
    }

    @Test
    void assistantReply_isWrittenByTheWorker_andItsEventsReachTheConnection_thenYesRunsTheSuggestion() throws Exception {
        AliceChat alice = aliceChatWithPeopleCsv("e2e-assistant");
        Map<String, String> auth = alice.auth();
        String chatId = alice.chatId();
        UUID chatUuid = alice.chatUuid();
        String connection = "Ass1stant-Conn=";
        assertEquals(200, webSocket.handleRequest(LambdaApp.connect(connection,
                Map.of("chat_id", chatId, "token", alice.key()), Map.of()),
                new TestLambdaContext("WebSocketFunction", 30_000)).getStatusCode());

        // The HTTP function stores the message and its queued reply, and only queues the reply's work.
        Reply posted = http.send("POST", CHATS + "/" + chatId + "/messages", auth,
                "{\"text\": \"take email and name from people.csv and give me a CSV\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(202, posted.status(), posted.toString());
        String replyId = posted.data().path("reply_id").asText();
        assertEquals("queued", app.bean(io.sheetflow.conversation.MessageRepository.class)
                .findById(UUID.fromString(replyId)).orElseThrow().state().value(), "nothing written in the request");
        assertFalse(app.loggedTypes(chatUuid).contains("assistant_started"));

        // The worker function takes the typed message and writes the reply.
        List<String> bodies = deliverQueued(1);
        JsonNode body = mapper.readTree(bodies.get(0));
        assertEquals("assistant_reply", body.path("type").asText());
        assertEquals(replyId, body.path("reply_id").asText());
        assertEquals(chatId, body.path("chat_id").asText());

        List<JsonNode> events = new ArrayList<>();
        for (String frame : app.managementApi.frames(connection)) {
            events.add(mapper.readTree(frame));
        }
        List<String> types = collapseRepeats(events.stream().map(e -> e.path("type").asText()).toList());
        assertEquals(List.of("assistant_queued", "assistant_started", "assistant_delta", "assistant_message"), types);
        StringBuilder streamed = new StringBuilder();
        events.stream().filter(e -> e.path("type").asText().equals("assistant_delta"))
                .forEach(e -> streamed.append(e.path("text").asText()));
        JsonNode message = events.get(events.size() - 1);
        assertEquals(replyId, message.path("message_id").asText(), message.toString());
        assertEquals("complete", message.path("state").asText());
        assertEquals(message.path("text").asText(), streamed.toString(), "the deltas, in order, make the final text");
        assertTrue(message.path("suggestion").isObject(), message.toString());

        // "yes": the worker writes that reply, which queues the run; the next delivery runs it and says so.
        assertEquals(202, http.send("POST", CHATS + "/" + chatId + "/messages", auth,
                "{\"text\": \"yes\"}".getBytes(StandardCharsets.UTF_8)).status());
        deliverQueued(1);
        List<String> runBodies = deliverQueued(1);
        assertTrue(runBodies.get(0).contains("\"run_id\""), runBodies.toString());
        List<String> frames = app.managementApi.frames(connection);
        JsonNode last = mapper.readTree(frames.get(frames.size() - 1));
        assertEquals("assistant_message", last.path("type").asText(), last.toString());
        assertTrue(last.path("text").asText().contains("people"), "the result message names the output: " + last);
        assertTrue(frames.stream().anyMatch(f -> f.contains("\"workflow_completed\"")));
        assertEquals(app.bean(EventLog.class).since(chatUuid, 0, 1000).stream().map(StoredEvent::json).toList(), frames,
                "the connection got every event of the conversation, in order");
    }

    @Test
    void repliesWaitingForTheWorker_carryTheirQueuePosition_onTheMessagesAndInTheirEvents_andMoveUp() throws Exception {
        AliceChat alice = aliceChatWithPeopleCsv("e2e-queue");
        Map<String, String> auth = alice.auth();
        String chatId = alice.chatId();
        UUID chatUuid = alice.chatUuid();

        Reply first = http.send("POST", CHATS + "/" + chatId + "/messages", auth,
                "{\"text\": \"take email and name from people.csv\"}".getBytes(StandardCharsets.UTF_8));
        Reply second = http.send("POST", CHATS + "/" + chatId + "/messages", auth,
                "{\"text\": \"yes\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, first.data().path("reply").path("queue_position").asInt(), first.toString());
        assertEquals(1, second.data().path("reply").path("queue_position").asInt(), second.toString());
        String firstReply = first.data().path("reply_id").asText();
        String secondReply = second.data().path("reply_id").asText();
        Reply history = http.send("GET", CHATS + "/" + chatId + "/messages", auth, null);
        Map<String, Integer> positions = new HashMap<>();
        history.data().path("messages").forEach(m -> {
            if (m.path("state").asText().equals("queued")) {
                positions.put(m.path("message_id").asText(), m.path("queue_position").asInt());
            }
        });
        assertEquals(Map.of(firstReply, 0, secondReply, 1), positions, history.toString());

        deliverQueued(2);
        List<JsonNode> logged = new ArrayList<>();
        for (StoredEvent e : app.bean(EventLog.class).since(chatUuid, 0, 1000)) {
            logged.add(mapper.readTree(e.json()));
        }
        List<String> secondsEvents = logged.stream().filter(e -> e.path("message_id").asText().equals(secondReply))
                .map(e -> e.path("type").asText() + (e.has("queue_position") ? " " + e.path("queue_position").asInt() : ""))
                .toList();
        assertEquals(List.of("assistant_queued 1", "assistant_queued 0", "assistant_started"), secondsEvents.subList(0, 3),
                "moved up when the reply ahead ended: " + secondsEvents);
        int firstEnded = indexOf(logged, "assistant_message", firstReply);
        assertEquals(firstEnded + 1, indexOf(logged, "assistant_queued", secondReply, 0), "in the same transaction");
        http.send("GET", CHATS + "/" + chatId + "/messages", auth, null).data().path("messages")
                .forEach(m -> assertTrue(m.path("queue_position").isNull(), "nothing queued any more: " + m));
        deliverQueued(1); // the run the "yes" started
    }

    private static int indexOf(List<JsonNode> events, String type, String messageId) {
        return indexOf(events, type, messageId, -1);
    }

    private static int indexOf(List<JsonNode> events, String type, String messageId, int position) {
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (e.path("type").asText().equals(type) && e.path("message_id").asText().equals(messageId)
                    && (position < 0 || e.path("queue_position").asInt() == position)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void botMessage_waitsForTheReplyTheWorkerWrites() throws Exception {
        AliceChat alice = aliceChatWithPeopleCsv("e2e-bot");
        Map<String, String> auth = alice.auth();
        String chatId = alice.chatId();

        // The worker, as SQS would invoke it, in another thread: the waiting request only sees the database.
        Thread pump = startWorkerPump();
        Reply answered = http.send("POST", "/api/v1/chat/bot/conversations/" + chatId + "/message", auth,
                "{\"message\": \"extract email and name from people.csv\"}".getBytes(StandardCharsets.UTF_8));
        pump.join(30_000);
        assertEquals(200, answered.status(), answered.toString());
        assertEquals("confirm_workflow", answered.data().path("action").asText(), answered.toString());
        assertTrue(answered.data().path("suggested_workflow").isArray(), answered.toString());
    }

    private static List<String> collapseRepeats(List<String> types) {
        List<String> collapsed = new ArrayList<>();
        for (String type : types) {
            if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(type)) {
                collapsed.add(type);
            }
        }
        return collapsed;
    }

    /** A thread that receives the next queue message (waiting for one to arrive) and hands it to the worker. */
    private Thread startWorkerPump() {
        Thread pump = new Thread(() -> {
            List<Message> messages = List.of();
            for (int i = 0; i < 20 && messages.isEmpty(); i++) {
                messages = ElasticMq.receive(app.queueUrl, 1);
            }
            for (Message m : messages) {
                worker.handleRequest(LambdaApp.sqsEvent(List.of(Map.entry(m.messageId(), m.body()))),
                        new TestLambdaContext("WorkerFunction", 900_000));
            }
        });
        pump.start();
        return pump;
    }
}
