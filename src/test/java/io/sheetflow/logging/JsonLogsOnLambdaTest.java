package io.sheetflow.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.lambda.HttpFunction;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.HttpExchange.Reply;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.LambdaExchange;
import io.sheetflow.support.LogProbeController;
import io.sheetflow.support.TestLambdaContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** On Lambda a JSON line logged in a request carries the invocation's Lambda request id beside our request id. */
class JsonLogsOnLambdaTest {

    @Test
    void aLineLoggedInAnHttpInvocation_carriesTheLambdaRequestIdAndTheRequestId() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        JsonLogEncoder encoder = new JsonLogEncoder();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
            }
        };
        Logger probeLogger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(LogProbeController.class);
        capture.start();
        probeLogger.addAppender(capture);
        try (LambdaApp app = new LambdaApp(Map.of("sheetflow.test.log-probe", "true"))) {
            Conversation chat = app.newConversation(LambdaApp.ADMIN);
            TestLambdaContext invocation = new TestLambdaContext("sheetflow-http", 30_000);
            Reply reply = new LambdaExchange(new HttpFunction(app.context)).send("GET",
                    "/api/v1/test/log-probe/" + chat.id(), Map.of("Authorization", "Bearer " + app.adminToken),
                    new byte[0], invocation);
            assertEquals(200, reply.status(), reply.toString());
            assertEquals(1, lines.size(), lines.toString());
            JsonNode line = ApiClient.JSON.readTree(lines.get(0));
            assertEquals(invocation.getAwsRequestId(), line.path("aws_request_id").asText(), line.toString());
            assertEquals(32, line.path("request_id").asText().length(), line.toString());
            assertEquals(chat.id().toString(), line.path("chat_id").asText(), line.toString());
            assertEquals(LambdaApp.ADMIN.userId(), line.path("user").asText(), line.toString());
        } finally {
            probeLogger.detachAppender(capture);
        }
    }
}
