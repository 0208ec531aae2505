package io.sheetflow.lambda;

import io.sheetflow.conversation.Conversation;
import io.sheetflow.support.HttpExchange.Reply;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.LambdaExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On Lambda, execute?wait= is capped below API Gateway's 29 s integration timeout, and the 202 says so. */
class LambdaWaitCapTest {
    private static final String CHATS = "/api/v1/chat/workflows";

    @Test
    void lambdaEnvironment_capsWaitAt25Seconds() {
        try (LambdaApp app = new LambdaApp(Map.of())) {
            assertEquals(Duration.ofSeconds(25), app.context.getProperty("sheetflow.runs.max-wait", Duration.class).orElseThrow());
        }
    }

    @Test
    void waitAboveTheCap_answers202AfterTheCap_andTheMessageNamesIt() {
        // The cap shortened so the test does not wait 25 s; no worker runs, so the run stays queued.
        try (LambdaApp app = new LambdaApp(Map.of("sheetflow.runs.max-wait", "1s"))) {
            Conversation chat = app.newConversation(LambdaApp.ADMIN);
            app.upload(chat, "people.csv", "name,age\nada,36\n");
            LambdaExchange http = new LambdaExchange(new HttpFunction(app.context));
            long started = System.nanoTime();
            Reply reply = http.send("POST", CHATS + "/" + chat.id() + "/execute?wait=20",
                    Map.of("Authorization", "Bearer " + app.adminToken, "Content-Type", "application/json"),
                    "{\"steps\": [{\"operation\": \"csv/info\"}]}".getBytes(StandardCharsets.UTF_8));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(202, reply.status(), reply.toString());
            String message = reply.json().path("message").asText();
            assertTrue(message.contains("caps wait at 1 s") && message.contains("not the 20 s asked"), message);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "answered after the cap, not the 20 s asked: " + took);
        }
    }
}
