package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader;
import com.amazonaws.services.lambda.runtime.api.client.HandlerInfo;
import com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.InvocationRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.sheetflow.aws.RunMessage;
import io.sheetflow.aws.WebSocketConnectionRepository;
import io.sheetflow.workflow.RunStatus;
import io.sheetflow.workflow.WorkflowRun;
import org.junit.jupiter.api.Test;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.LambdaEventJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket function loaded the way AWS's Java runtime client loads it (its own {@link EventHandlerLoader}:
 * {@code Class::method} looks the method up by name, the class name alone goes through {@code RequestHandler}),
 * built by its no-argument constructor and invoked with the JSON API Gateway sends for {@code $connect} (and the
 * worker with the JSON of an SQS event).
 * The function's configuration comes from system properties (on Lambda: environment variables).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandlerStringTest {
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> previous = new HashMap<>();
    private LambdaApp app;
    private Conversation conversation;

    @BeforeAll
    void start() {
        app = new LambdaApp(Map.of());
        conversation = app.newConversation(LambdaApp.ADMIN);
        // The handler's own context uses the same database (H2 file in the data directory), queue and stand-ins.
        app.properties.forEach((k, v) -> previous.put(k, System.setProperty(k, String.valueOf(v))));
    }

    @AfterAll
    void stop() {
        previous.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        app.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.sheetflow.lambda.WebSocketFunction::handleRequest", "io.sheetflow.lambda.WebSocketFunction"})
    void connectEvent_underTheRuntimeClientsHandlerLoader_isAccepted(String handler) throws Exception {
        String connectionId = "Rk" + UUID.randomUUID().toString().substring(0, 8) + "=";
        LambdaRequestHandler loaded = EventHandlerLoader.loadEventHandler(
                HandlerInfo.fromString(handler, getClass().getClassLoader()));
        JsonNode response = call(loaded, connectEvent(connectionId));
        assertEquals(200, response.path("statusCode").asInt(), response.toString());
        assertTrue(app.bean(WebSocketConnectionRepository.class).findById(connectionId).isPresent(),
                "the connection row is written");
    }

    /**
     * The handler string infra deploys. (The class-name form is not exercised here: in this test JVM the runtime
     * client's own SQS serializer fails to load SQSEvent$SQSMessage, a class-path quirk of running it in-process.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"io.sheetflow.lambda.WorkerFunction::handleRequest"})
    void sqsEvent_underTheRuntimeClientsHandlerLoader_runsTheRun(String handler) throws Exception {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", "name,age\nada,36\n");
        WorkflowRun run = app.submit(chat, "csv/info");
        LambdaRequestHandler loaded = EventHandlerLoader.loadEventHandler(
                HandlerInfo.fromString(handler, getClass().getClassLoader()));
        JsonNode response = call(loaded, LambdaEventJson.sqs("m-" + UUID.randomUUID(),
                new RunMessage(run.id()).toJson()));
        assertEquals(0, response.path("batchItemFailures").size(), response.toString());
        assertEquals(RunStatus.COMPLETED, app.run(run.id()).status());
    }

    /** What the runtime client hands {@code ::handleRequest}: the event as a Map. Nothing of a record is lost. */
    @Test
    void erasedSqsInput_keepsTheRecordsIdentifiers() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.readValue(LambdaEventJson.sqs("m-1", "{}"), Map.class);
        SQSEvent.SQSMessage record = new WorkerFunction(app.context).convertInput(map).getRecords().get(0);
        assertEquals("m-1", record.getMessageId());
        assertEquals("AQEBrh-receipt-handle", record.getReceiptHandle());
        assertEquals("arn:aws:sqs:eu-west-1:123456789012:sheetflow-runs", record.getEventSourceArn());
        assertEquals("{}", record.getBody());
    }

    /** Invokes as the runtime client does; an init or handler error fails the test with the client's own report. */
    private JsonNode call(LambdaRequestHandler handler, String event) throws Exception {
        try {
            return json.readTree(handler.call(invocation(event)).toByteArray());
        } catch (Exception e) {
            String report = e.getMessage();
            try {
                var trace = e.getClass().getDeclaredField("trace");
                trace.setAccessible(true);
                report = String.valueOf(trace.get(e));
            } catch (NoSuchFieldException ignored) {
                // not the runtime client's UserFault
            }
            throw new AssertionError("The runtime client reported: " + report, e);
        }
    }

    private static InvocationRequest invocation(String event) {
        InvocationRequest request = new InvocationRequest();
        request.setId(UUID.randomUUID().toString());
        request.setInvokedFunctionArn("arn:aws:lambda:eu-west-1:123456789012:function:sheetflow-websocket:live");
        request.setDeadlineTimeInMs(System.currentTimeMillis() + 30_000);
        request.setContent(event.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private String connectEvent(String connectionId) {
        return LambdaEventJson.connect(connectionId,
                Map.of("chat_id", conversation.id().toString(), "token", app.adminToken));
    }
}
