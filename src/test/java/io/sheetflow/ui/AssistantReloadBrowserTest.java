package io.sheetflow.ui;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.assistant.llm.OpenAiStandIn;
import io.sheetflow.support.Csv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The page reloaded while the assistant is still writing, against the {@code llm} planner's stand-in model. */
@MicronautTest(transactional = false)
class AssistantReloadBrowserTest extends BrowserTest {
    final OpenAiStandIn model = new OpenAiStandIn();

    @Override
    protected Map<String, String> extraProperties() {
        return model.plannerSettings("60s");
    }

    @AfterAll
    void stopModel() {
        model.close();
    }

    @Test
    void aReloadMidAnswer_showsTheTextSoFarStillStreaming_andTheRestArrivesLive() {
        String chatId = api().createChat();
        assertEquals(200, api().upload(chatId, "people-10.csv", Csv.people(dataDir, 10)).status());
        CountDownLatch rest = model.answerTextPausedAfter(List.of("First half, ", "second half."), 1);
        driver.get(server.getURI().resolve("/").toString() + "#token=" + adminToken);
        visible(By.id("new-conversation"));
        driver.get(server.getURI().resolve("/").toString() + "#/chat/" + chatId);
        until(() -> "live".equals(driver.findElement(By.id("live-indicator")).getAttribute("data-state")));

        driver.findElement(By.id("assistant-input")).sendKeys("what can you do with people-10.csv");
        visible(By.id("assistant-send")).click();
        By reply = By.cssSelector("#assistant-thread .from-assistant[data-state=streaming]");
        waitForText(reply, "First half,");

        driver.navigate().refresh();
        WebElement reloaded = visible(reply);
        waitForText(reply, "First half,");
        assertEquals(1, driver.findElements(By.cssSelector("#assistant-thread .from-assistant")).size(),
                driver.findElement(By.id("assistant-thread")).getText());
        String replyId = reloaded.getAttribute("data-message-id");

        rest.countDown();
        By complete = By.cssSelector("#assistant-thread .from-assistant[data-state=complete][data-message-id='" + replyId + "']");
        waitForText(complete, "First half, second half.");
        assertEquals(1, driver.findElements(By.cssSelector("#assistant-thread .from-assistant")).size(),
                "the reply is not shown twice: " + driver.findElement(By.id("assistant-thread")).getText());
    }

    private void waitForText(By by, String text) {
        until(() -> driver.findElements(by).stream().anyMatch(e -> e.getText().contains(text)));
    }

    private void until(java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class)
                .until(d -> condition.get() ? Boolean.TRUE : null);
    }
}
