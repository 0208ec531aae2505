package io.sheetflow.realtime;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerProcess;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional second listener on Pycelize's WebSocket port: its clients' sockets work there, REST does not. */
@MicronautTest(transactional = false)
class ReferencePortTest extends ServerTest {
    private static final int REFERENCE_PORT = ServerProcess.freePort();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.websocket.reference-port", String.valueOf(REFERENCE_PORT));
    }

    private URI referenceBase() {
        return URI.create("http://127.0.0.1:" + REFERENCE_PORT);
    }

    @Test
    void aChatSocketOnTheReferencePort_receivesTheConversationsEvents_andEventPingGetsPong() {
        String chat = api().createChat();
        try (TestSocket socket = TestSocket.connect(referenceBase(), "/chat/" + chat, adminToken)) {
            socket.awaitType("connected");
            socket.send("{\"event\":\"ping\"}");
            socket.awaitType("pong");
            api().patch("/api/v1/chat/workflows/" + chat, "{\"title\":\"renamed\"}");
            assertEquals(201, api().post("/api/v1/chat/workflows", null).status(), "the main port serves REST");
        }
    }

    @Test
    void restOnTheReferencePort_is404NamingWhatItServes_andTheMainPortIsUnchanged() {
        ApiClient reference = new ApiClient(referenceBase(), adminToken);
        ApiClient.Answer refused = reference.get("/api/v1/chat/workflows");
        assertEquals(404, refused.status(), refused.body().toString());
        assertTrue(refused.message().contains("serves only the WebSocket endpoints"), refused.message());
        assertEquals(200, api().get("/api/v1/chat/workflows").status());
        assertTrue(server.getPort() != REFERENCE_PORT, "the server's own port comes first");
    }
}
