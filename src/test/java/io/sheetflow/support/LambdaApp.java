package io.sheetflow.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;

import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationService;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.security.Caller;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowRunRepository;
import io.sheetflow.workflow.WorkflowService;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The application as the Lambda functions build it (environments {@code function} and {@code lambda}, every
 * singleton created eagerly), plus {@code test}, with its own data directory and H2 database, its SQS queue
 * on ElasticMQ and a stand-in for the API Gateway management endpoint; and the events API Gateway and SQS send.
 */
public final class LambdaApp implements AutoCloseable {
    public static final String WEBSOCKET_URL = "wss://ws.example.test/prod";
    public final String adminToken = "sft_test_" + UUID.randomUUID();
    public final Path dataDir;
    public final String queueUrl;
    public final ManagementApiStandIn managementApi;
    public final ApplicationContext context;
    /** The properties this context was started with (without the environments). */
    public final Map<String, Object> properties;

    public LambdaApp(Map<String, String> extraProperties) {
        try {
            dataDir = Files.createTempDirectory("sheetflow-lambda-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        queueUrl = ElasticMq.newQueue();
        managementApi = new ManagementApiStandIn();
        Map<String, Object> properties = new HashMap<>();
        properties.put("sheetflow.data-dir", dataDir.toString());
        properties.put("sheetflow.auth.token", adminToken);
        properties.put("sheetflow.public-url", "https://api.example.test");
        properties.put("sheetflow.websocket.public-url", WEBSOCKET_URL);
        properties.put("sheetflow.websocket.management-endpoint", managementApi.endpoint().toString());
        properties.put("sheetflow.websocket.post-backoff", "5ms");
        properties.putAll(ElasticMq.queueProperties(queueUrl));
        properties.putAll(extraProperties);
        this.properties = Map.copyOf(properties);
        ApplicationContextBuilder builder = ApplicationContext.builder().properties(properties);
        LambdaApplicationContextBuilder.setLambdaConfiguration(builder);
        builder.environments("test");
        context = builder.start();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The admin user of the server token. */
    public static final Caller ADMIN = new Caller("local", true);

    public Conversation newConversation(Caller owner) {
        return bean(ConversationService.class).create(owner);
    }

    public StoredFile upload(Conversation conversation, String name, String content) {
        try {
            return bean(FileService.class).upload(conversation, name,
                    new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Submits a run of the given operations (without arguments) through the workflow service. */
    public WorkflowRun submit(Conversation conversation, String... operations) {
        List<ExecuteRequest.StepRequest> steps = java.util.Arrays.stream(operations)
                .map(o -> new ExecuteRequest.StepRequest(o, null)).toList();
        return bean(WorkflowService.class).submit(conversation, new ExecuteRequest(steps, null));
    }

    public WorkflowRun run(UUID runId) {
        return bean(WorkflowRunRepository.class).findById(runId).orElseThrow();
    }

    /** Event types of the conversation's log, in seq order. */
    public List<String> loggedTypes(UUID chatId) {
        return bean(EventLog.class).since(chatId, 0, 10_000).stream().map(StoredEvent::type).toList();
    }

    public static APIGatewayV2WebSocketEvent connect(String connectionId, Map<String, String> query, Map<String, String> headers) {
        APIGatewayV2WebSocketEvent event = webSocketEvent(connectionId, "$connect", "CONNECT");
        event.setQueryStringParameters(query);
        event.setHeaders(headers);
        return event;
    }

    public static APIGatewayV2WebSocketEvent disconnect(String connectionId) {
        return webSocketEvent(connectionId, "$disconnect", "DISCONNECT");
    }

    public static APIGatewayV2WebSocketEvent message(String connectionId, String body) {
        APIGatewayV2WebSocketEvent event = webSocketEvent(connectionId, "$default", "MESSAGE");
        event.setBody(body);
        return event;
    }

    private static APIGatewayV2WebSocketEvent webSocketEvent(String connectionId, String route, String type) {
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setConnectionId(connectionId);
        context.setRouteKey(route);
        context.setEventType(type);
        context.setStage("prod");
        context.setApiId("test");
        context.setRequestId(UUID.randomUUID().toString());
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        return event;
    }

    /** An SQS event as the worker's event source delivers it: one record per (message id, body). */
    public static SQSEvent sqsEvent(List<Map.Entry<String, String>> idsAndBodies) {
        SQSEvent event = new SQSEvent();
        event.setRecords(idsAndBodies.stream().map(e -> {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(e.getKey());
            message.setBody(e.getValue());
            message.setEventSource("aws:sqs");
            return message;
        }).toList());
        return event;
    }

    @Override
    public void close() {
        context.close();
        managementApi.close();
    }
}
