package io.sheetflow.ui;

import org.openqa.selenium.WebDriver;

/** A browser test whose driver {@link ScreenshotOnFailure} photographs when one of its tests fails. */
interface BrowserDriven {
    WebDriver driver();
}
