package io.sheetflow.ui;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** /docs in a real headless Chromium: Swagger UI, from the jar, renders this server's /openapi.yml. */
@MicronautTest
class OpenApiViewerBrowserTest extends BrowserTest {

    @Test
    void theViewerRendersEveryTagAndTheMainOperations() {
        driver.get(server.getURI().resolve("/docs").toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(d -> d.findElements(By.cssSelector(".opblock")).size() > 50);
        Browser.screenshot(driver, "openapi-viewer");
        assertTrue(driver.findElements(By.id("operations-conversations-createConversation")).size() == 1);
        assertTrue(driver.findElements(By.id("operations-runs-executeWorkflow")).size() == 1);
        assertTrue(driver.findElements(By.cssSelector(".btn.authorize")).size() == 1, "the bearer scheme is offered");
        assertTrue(driver.findElements(By.cssSelector(".errors-wrapper")).isEmpty(), "Swagger UI reports errors");
    }
}
