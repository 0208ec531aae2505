package io.sheetflow.ui;

import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test class against the real server with one headless Chromium for all its tests, skipped (each test saying
 * why) where chromium and chromedriver are not installed; a failing test leaves a screenshot.
 */
@ExtendWith(ScreenshotOnFailure.class)
abstract class BrowserTest extends ServerTest implements BrowserDriven {
    protected static final Duration WAIT = Duration.ofSeconds(60);

    protected ChromeDriver driver;

    @Override
    public ChromeDriver driver() {
        return driver;
    }

    @BeforeAll
    void startBrowser() throws Exception {
        if (Browser.available()) {
            driver = Browser.start(Files.createTempDirectory(dataDir, "downloads-"));
        }
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void browserInstalled() {
        assumeTrue(driver != null, "Browser tests skipped: chromium and chromedriver are not installed "
                + "(apt-get install chromium chromium-driver; CI installs them)");
    }

    /** The first displayed element {@code by} finds, once there is one. */
    protected WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }
}
