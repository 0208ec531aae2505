package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /ui-config.json without configuration: the local WebSocket protocol, multipart uploads and token sign-in, no token needed. */
@MicronautTest
class WebUiConfigTest extends ServerTest {

    @Test
    void uiConfig_isServedWithoutAToken_andNamesTheLocalProtocolByDefault() {
        ApiClient.Answer answer = api().withToken(null).get("/ui-config.json");
        assertEquals(200, answer.status());
        JsonNode config = answer.body();
        assertEquals("local", config.get("websocket_protocol").asText(), config.toString());
        assertTrue(config.get("websocket_url").isNull());
        assertEquals("token", config.get("auth").get("mode").asText());
        assertEquals("multipart", config.get("upload_flow").asText(), "the page posts files through this server");
    }
}
