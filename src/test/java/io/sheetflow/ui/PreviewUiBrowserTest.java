package io.sheetflow.ui;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.Csv;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workflow builder's Preview button in a real browser (skipped without chromium and chromedriver). */
@MicronautTest(transactional = false)
class PreviewUiBrowserTest extends BrowserTest {

    @Test
    void previewButton_showsEachStepsSummaryAndTheFinalRows_andRecordsNoRun() {
        String chatId = api().createChat();
        assertEquals(200, api().upload(chatId, "people.csv", Csv.people(dataDir, 30)).status());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get(server.getURI() + "/#token=" + adminToken);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-conversation")));
        driver.get(server.getURI() + "/#/chat/" + chatId);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("columns-hint"), "email"));
        new Select(driver.findElement(By.id("operation-select"))).selectByValue("csv/convert-to-excel");
        driver.findElement(By.id("add-step")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#steps li[data-operation='csv/convert-to-excel']")));

        driver.findElement(By.id("preview-workflow")).click();
        WebElement step = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#workflow-preview li[data-operation='csv/convert-to-excel']")));
        String panel = driver.findElement(By.id("workflow-preview")).getText();
        assertTrue(panel.contains("first 20 rows"), panel);
        assertTrue(step.getText().contains("20 → 20 rows"), step.getText());
        assertEquals(10, driver.findElements(By.cssSelector("#workflow-preview tbody tr")).size(), panel);
        Browser.screenshot(driver, "preview-panel");
        assertEquals(0, api().get("/api/v1/chat/workflows/" + chatId + "/runs").data().get("count").asInt());
    }
}
