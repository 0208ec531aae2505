package io.sheetflow.realtime;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest
class WebSocketLimitTest extends ServerTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.websocket.max-connections", "2");
    }

    @Test
    void connectionOverTheLimit_getsErrorAndPolicyViolationClose() {
        String chat = api().createChat();
        try (TestSocket a = socket("/chat/" + chat); TestSocket b = socket("/events")) {
            a.awaitType("connected");
            b.awaitType("connected");
            try (TestSocket over = socket("/chat/" + chat)) {
                assertEquals("Maximum connections reached", over.awaitType("error").get("message").asText());
                assertEquals(1008, over.awaitClose());
            }
        }
        try (TestSocket again = socket("/chat/" + chat)) {
            again.awaitType("connected");
        }
    }
}
