package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An assistant's suggestion opened in the workflow builder, edited and confirmed; reloaded cards show decisions. */
@MicronautTest(transactional = false)
class AssistantBuilderBrowserTest extends BrowserTest {
    private static final String REQUEST = "take email and id from people-10.csv";

    private String base() {
        return server.getURI().toString().replaceAll("/$", "");
    }

    private String path(String chat) {
        return "/api/v1/chat/workflows/" + chat;
    }

    private String openChatWithPeople() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people-10.csv", Csv.people(dataDir, 10)).status());
        driver.manage().window().setSize(new Dimension(1400, 1050));
        driver.get(base() + "/#token=" + adminToken);
        visible(By.id("new-conversation"));
        driver.get(base() + "/#/chat/" + chat);
        visible(By.cssSelector("#live-indicator[data-state='live']"));
        return chat;
    }

    private void setArguments(WebElement textarea, String json) {
        driver.executeScript("arguments[0].value = arguments[1]", textarea, json);
    }

    private WebElement waitForText(By by, String text) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(d -> {
            WebElement el = d.findElements(by).stream().findFirst().orElse(null);
            return el != null && el.getText().contains(text) ? el : null;
        });
    }

    @Test
    void editInBuilder_confirmsTheSuggestionWithTheEditedSteps_afterTheServerRefusedABadEdit() {
        String chat = openChatWithPeople();
        visible(By.id("assistant-input")).sendKeys(REQUEST);
        visible(By.id("assistant-send")).click();
        WebElement card = visible(By.cssSelector("#assistant-thread .from-assistant[data-state=complete] .suggestion-card"));
        String suggestionId = card.getAttribute("data-suggestion-id");
        card.findElement(By.cssSelector(".suggestion-edit")).click();

        visible(By.cssSelector("#builder-banner .suggestion-editing[data-suggestion-id='" + suggestionId + "']"));
        WebElement arguments = visible(By.cssSelector("#steps .step-card textarea.step-json"));
        assertTrue(arguments.getAttribute("value").contains("email"), arguments.getAttribute("value"));
        Browser.screenshot(driver, "12-assistant-suggestion-in-builder");

        // Arguments against the operation's schema: the server validates the edited steps again and names the field.
        setArguments(arguments, "{\"columns\": 5}");
        visible(By.id("confirm-suggestion")).click();
        waitForText(By.id("builder-error"), "columns");
        assertTrue(driver.findElements(By.cssSelector(".suggestion-card[data-suggestion-id='" + suggestionId
                + "'] .suggestion-run")).size() == 1, "a refused edit leaves the suggestion pending");
        assertTrue(api().get(path(chat) + "/runs").data().get("runs").isEmpty(), "a refused edit runs nothing");

        setArguments(visible(By.cssSelector("#steps .step-card textarea.step-json")), "{\"columns\": [\"email\"]}");
        visible(By.id("confirm-suggestion")).click();
        waitForText(By.cssSelector(".suggestion-card[data-suggestion-id='" + suggestionId + "'] .suggestion-status"),
                "Confirmed with edited steps");
        assertTrue(driver.findElements(By.cssSelector(".suggestion-card[data-suggestion-id='" + suggestionId
                + "'] .suggestion-run")).isEmpty(), "a confirmed card has no buttons");
        assertTrue(driver.findElements(By.cssSelector("#builder-banner .suggestion-editing")).isEmpty());
        WebElement run = visible(By.cssSelector("#runs .run-card[data-status=completed] .outputs li"));

        String outputId = run.getAttribute("data-file-id");
        JsonNode page = api().get(path(chat) + "/files/id/" + outputId + "/rows?limit=1").data();
        assertEquals("[\"email\"]", page.get("columns").toString(), "the run is the edited workflow");
        JsonNode decision = api().get(path(chat) + "/suggestions/" + suggestionId).data();
        assertEquals("confirmed", decision.get("status").asText());
    }

    @Test
    void reloadedCards_showTheirDecision_withoutButtons() {
        String chat = openChatWithPeople();
        // A newer suggestion supersedes a pending one: each is decided before the next is asked for.
        String confirmedId = suggest(chat, REQUEST);
        ApiClient.Answer confirmed = api().post(path(chat) + "/suggestions/" + confirmedId + "/confirm", null);
        assertEquals(202, confirmed.status(), confirmed.body().toString());
        String discardedId = suggest(chat, "extract email from people-10.csv");
        assertEquals(200, api().post(path(chat) + "/suggestions/" + discardedId + "/discard", null).status());
        String pendingId = suggest(chat, "extract id from people-10.csv");

        driver.navigate().refresh();
        By confirmedCard = By.cssSelector(".suggestion-card[data-suggestion-id='" + confirmedId + "'][data-decision=confirmed]");
        waitForText(confirmedCard, "Confirmed");
        waitForText(By.cssSelector(".suggestion-card[data-suggestion-id='" + discardedId + "'][data-decision=discarded]"),
                "Discarded");
        assertTrue(driver.findElement(confirmedCard).findElements(By.tagName("button")).isEmpty());
        WebElement pending = visible(By.cssSelector(".suggestion-card[data-suggestion-id='" + pendingId + "']"));
        assertEquals("pending", pending.getAttribute("data-decision"));
        assertEquals(3, pending.findElements(By.tagName("button")).size(), "Run, Edit in builder and Discard stay");
        Browser.screenshot(driver, "13-assistant-reloaded-decisions");
    }

    /** A message whose reply suggests a workflow; waits for the suggestion (over REST: the page is not involved). */
    private String suggest(String chat, String text) {
        String replyId = api().post(path(chat) + "/messages", "{\"text\": \"" + text + "\"}").data().get("reply_id").asText();
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(d -> {
            for (JsonNode m : api().get(path(chat) + "/messages?limit=200").data().get("messages")) {
                if (m.get("message_id").asText().equals(replyId) && "complete".equals(m.path("state").asText())) {
                    return m.get("metadata").get("suggestion").get("suggestion_id").asText();
                }
            }
            return null;
        });
    }
}
