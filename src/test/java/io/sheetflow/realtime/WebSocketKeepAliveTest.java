package io.sheetflow.realtime;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

@MicronautTest
class WebSocketKeepAliveTest extends ServerTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.websocket.keep-alive-interval", "200ms");
    }

    @Test
    void serverSendsKeepAlivePings_atTheConfiguredInterval() {
        try (TestSocket chat = socket("/chat/" + api().createChat()); TestSocket events = socket("/events")) {
            chat.awaitType("connected");
            events.awaitType("connected");
            await().atMost(Duration.ofSeconds(10)).until(() -> chat.pings() >= 3 && events.pings() >= 3);
            assertFalse(chat.isClosed());
        }
    }
}
