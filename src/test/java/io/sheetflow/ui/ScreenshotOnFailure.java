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
                .filter(WebUiBrowserTest.class::isInstance)
                .map(WebUiBrowserTest.class::cast)
                .map(WebUiBrowserTest::driver)
                .ifPresent(driver -> Browser.screenshot(driver, "FAILED-" + context.getRequiredTestMethod().getName()));
    }
}
