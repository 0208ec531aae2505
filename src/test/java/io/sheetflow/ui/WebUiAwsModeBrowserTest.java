package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web UI in "AWS mode": /ui-config.json names a WebSocket URL, so the page speaks API Gateway's protocol there
 * (one URL with ?chat_id=, nothing before it subscribes, a subscribe with the last seq) instead of /chat/{id}. The
 * URL points at {@link ApiGatewayStandIn}, which speaks that protocol with the real server's events.
 */
@MicronautTest(transactional = false)
class WebUiAwsModeBrowserTest extends BrowserTest {
    @Inject
    ApiGatewayStandIn standIn;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.ui.websocket-url", "/test-api-gateway/prod",
                "sheetflow.test.api-gateway-stand-in", "true");
    }

    @Test
    void awsMode_thePageSubscribesOverTheApiGatewayProtocol_runsStreamLive_andAReloadResumesAfterTheLastSeq() {
        JsonNode config = api().withToken(null).get("/ui-config.json").body();
        assertEquals("api_gateway", config.get("websocket_protocol").asText(), config.toString());

        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", Csv.people(dataDir, 50)).status());
        String base = server.getURI().toString().replaceAll("/$", "");
        driver.manage().window().setSize(new Dimension(1400, 1050));
        driver.get(base + "/#token=" + adminToken);
        visible(By.id("new-conversation"));
        driver.get(base + "/#/chat/" + chat);
        visible(By.cssSelector("#live-indicator[data-state='live']"));

        String query = standIn.connections.get(standIn.connections.size() - 1);
        assertTrue(query.contains("chat_id=" + chat) && query.contains("token="), query);
        assertFalse(query.contains("since="), "API Gateway ignores since in the URL: " + query);
        JsonNode subscribe = lastSubscribe();
        assertEquals(chat, subscribe.get("chat_id").asText(), subscribe.toString());
        assertTrue(subscribe.get("since").isNumber(), subscribe.toString());

        // A run started elsewhere streams into the page over the stand-in.
        ApiClient.Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\": [{\"operation\": \"excel/extract-columns-to-file\", \"arguments\": {\"columns\": [\"email\"]}}]}");
        assertEquals(202, run.status(), run.body().toString());
        String runId = run.data().get("run_id").asText();
        visible(By.cssSelector("#runs .run-card[data-run-id='" + runId + "'][data-status=completed] .outputs li"));
        assertEquals("live", driver.findElement(By.id("live-indicator")).getAttribute("data-state"),
                "the events came over the socket, not the polling fallback");
        Browser.screenshot(driver, "14-aws-mode-run-completed");

        long lastSeq = api().get("/api/v1/chat/workflows/" + chat).data().get("last_event_seq").asLong();
        int before = standIn.received.size();
        driver.navigate().refresh();
        visible(By.cssSelector("#runs .run-card[data-run-id='" + runId + "'][data-status=completed]"));
        new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(d -> standIn.received.size() > before);
        assertEquals(lastSeq, lastSubscribe().get("since").asLong(), "a reload subscribes after the last seq it shows");
    }

    private JsonNode lastSubscribe() {
        List<JsonNode> subscribes = standIn.received.stream().filter(m -> "subscribe".equals(m.path("type").asText())).toList();
        assertFalse(subscribes.isEmpty(), "the page subscribed: " + standIn.received);
        return subscribes.get(subscribes.size() - 1);
    }
}
