package io.sheetflow.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;

import java.io.IOException;
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
    public final String adminToken = "sft_test_" + UUID.randomUUID();
    public final Path dataDir;
    public final String queueUrl;
    public final ManagementApiStandIn managementApi;
    public final ApplicationContext context;

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
        properties.put("sheetflow.websocket.management-endpoint", managementApi.endpoint().toString());
        properties.put("sheetflow.websocket.post-backoff", "5ms");
        properties.putAll(ElasticMq.queueProperties(queueUrl));
        properties.putAll(extraProperties);
        ApplicationContextBuilder builder = ApplicationContext.builder().properties(properties);
        LambdaApplicationContextBuilder.setLambdaConfiguration(builder);
        builder.environments("test");
        context = builder.start();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
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
