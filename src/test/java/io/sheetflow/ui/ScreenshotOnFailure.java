package io.sheetflow.ui;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Saves a screenshot of the browser, named after the test, when a browser test fails. */
public class ScreenshotOnFailure implements AfterTestExecutionCallback {

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        context.getTestInstance()
                .filter(BrowserDriven.class::isInstance)
                .map(BrowserDriven.class::cast)
                .map(BrowserDriven::driver)
                .filter(java.util.Objects::nonNull)
                .ifPresent(driver -> Browser.screenshot(driver, "FAILED-" + context.getRequiredTestMethod().getName()));
    }
}
