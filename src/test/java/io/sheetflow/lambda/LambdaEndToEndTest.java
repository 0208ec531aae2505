package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.aws.WebSocketConnectionRepository;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.security.ApiKeyService;
import io.sheetflow.security.Caller;
import io.sheetflow.support.ElasticMq;
import io.sheetflow.support.EmbeddedPostgres;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.S3Fixture;
import io.sheetflow.support.TestLambdaContext;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.RunStatus;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The asynchronous half of the AWS runtime end to end, in one {@code lambda}-environment application: PostgreSQL,
 * files in S3 (s3proxy), the run queue on SQS (ElasticMQ), live events posted to a stand-in of the API Gateway
 * management API. A run is submitted (through the service layer, as the HTTP function will), its message is
 * taken from the queue and handed to the worker function, and two WebSocket connections opened through the
 * WebSocket function receive its events, except the one API Gateway reports gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaEndToEndTest {
    private static final String CSV = "id,name,email,signup_date\n1,Ann,ann@Example.com,2024-01-15\n"
            + "2,Bob,bob@example.com,2024-02-01\n3,Cy,cy@example.com,2024-03-09\n";
    private final ObjectMapper mapper = new ObjectMapper();
    private LambdaApp app;
    private WebSocketFunction webSocket;
    private WorkerFunction worker;

    @BeforeAll
    void start() {
        Map<String, String> properties = new java.util.HashMap<>(S3Fixture.newBucketProperties());
        properties.putAll(EmbeddedPostgres.newDatabaseProperties());
        app = new LambdaApp(properties);
        webSocket = new WebSocketFunction(app.context);
        worker = new WorkerFunction(app.context);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void runFromTheQueue_streamsItsEventsToTheChatsConnections_andForgetsTheGoneOne() throws Exception {
        Caller alice = new Caller("alice", false);
        String aliceKey = app.bean(ApiKeyService.class).create("alice", "e2e", false).secret();
        Conversation chat = app.newConversation(alice);
        app.upload(chat, "people.csv", CSV);

        String live = "L1ve-Conn3ction=";
        String gone = "G0ne-Conn3ction=";
        for (String connection : List.of(live, gone)) {
            int status = webSocket.handleRequest(LambdaApp.connect(connection,
                    Map.of("chat_id", chat.id().toString(), "token", aliceKey), Map.of()),
                    new TestLambdaContext("WebSocketFunction", 30_000)).getStatusCode();
            assertEquals(200, status);
        }
        app.managementApi.markGone(gone);

        WorkflowRun run = app.bean(WorkflowService.class).submit(chat, new ExecuteRequest(List.of(
                new ExecuteRequest.StepRequest("csv/convert-to-excel", null),
                new ExecuteRequest.StepRequest("excel/extract-columns-to-file",
                        mapper.readTree("{\"columns\":[\"email\",\"id\"]}"))), null));

        List<Message> messages = ElasticMq.receive(app.queueUrl, 10);
        assertEquals(1, messages.size());
        SQSBatchResponse response = worker.handleRequest(LambdaApp.sqsEvent(List.of(
                Map.entry(messages.get(0).messageId(), messages.get(0).body()))), new TestLambdaContext("WorkerFunction", 900_000));
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(RunStatus.COMPLETED, app.run(run.id()).status());

        // The live connection got every event of the run, in order, exactly as logged.
        List<String> frames = app.managementApi.frames(live);
        List<String> logged = app.bean(EventLog.class).since(chat.id(), 0, 1000).stream()
                .filter(e -> run.id().equals(e.runId())).map(StoredEvent::json).toList();
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

    private static List<String> collapseRepeats(List<String> types) {
        List<String> collapsed = new ArrayList<>();
        for (String type : types) {
            if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(type)) {
                collapsed.add(type);
            }
        }
        return collapsed;
    }
}
