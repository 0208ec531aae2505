package io.sheetflow.ui;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin dashboard in Chromium: an admin opens it, runs started through the API move its cards in place
 * (queue, per-user, completed, a failure with its reason, the slowest operations); a non-admin has no way in.
 */
@MicronautTest(transactional = false)
class AdminDashboardBrowserTest extends BrowserTest {
    private static final byte[] CSV = "id,name\n1,Ada\n2,Grace\n".getBytes(StandardCharsets.UTF_8);

    @Inject
    GateOperation gate;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.test.gate-operation", "true", "sheetflow.runs.max-concurrent", "1");
    }

    @AfterEach
    void openGate() {
        gate.open();
    }

    @Test
    void admin_watchesTheCardsFollowRunsStartedThroughTheApi() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", CSV).status());
        driver.manage().window().setSize(new Dimension(1400, 1050));
        driver.get(base() + "/#token=" + adminToken);
        visible(By.id("admin-link")).click();
        visible(By.cssSelector("#admin-dashboard [data-card=queue]"));
        waitForText("Live", By.cssSelector(".admin-status"));
        waitForFigure("queue-running", "0");
        waitForFigure("ws-connections", "2"); // the page's /events stream and the dashboard's own
        String completedBefore = figure("runs-completed");
        assertTrue(driver.findElements(By.cssSelector("[data-table=by-user] tr[data-user]")).isEmpty());

        gate.close();
        start(chat, "test/gate");
        waitForFigure("queue-running", "1");
        start(chat, "test/gate");
        waitForFigure("queue-waiting", "1");
        waitForText("1", By.cssSelector("[data-table=by-user] tr[data-user=local] td[data-col=queued]"));
        waitForText("1", By.cssSelector("[data-table=by-user] tr[data-user=local] td[data-col=running]"));
        Browser.screenshot(driver, "admin-dashboard-queue");

        gate.open();
        waitForFigure("queue-running", "0");
        waitForFigure("queue-waiting", "0");
        waitForFigure("runs-completed", String.valueOf(Integer.parseInt(completedBefore) + 2));
        visible(By.cssSelector("[data-table=slowest] tr[data-operation='test/gate']"));
        assertTrue(driver.findElements(By.cssSelector("[data-table=by-user] tr[data-user]")).isEmpty());

        Answer failed = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\":[{\"operation\":\"excel/info\"}],\"input_file\":\"people.csv\"}");
        assertEquals(202, failed.status(), failed.body().toString());
        waitForFigure("runs-failed", "1");
        waitForText("excel/info needs an Excel input", By.cssSelector("[data-table=reasons] td.admin-reason"));
        waitForText("excel/info needs an Excel input", By.cssSelector("[data-list=recent-failures] li"));
        Browser.screenshot(driver, "admin-dashboard-failure");
    }

    @Test
    void nonAdmin_hasNoAdminLink_andTheRouteSaysAdminsOnly() {
        ApiClient bob = userClient("bob");
        driver.get(base() + "/#token=" + bob.token());
        visible(By.id("new-conversation"));
        driver.get(base() + "/#/admin");
        waitForText("Admins only", By.id("admin-refused"));
        assertTrue(!driver.findElement(By.id("admin-link")).isDisplayed(), "no Admin link for a non-admin");
    }

    private void start(String chat, String operation) {
        Answer accepted = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\":[{\"operation\":\"" + operation + "\"}],\"input_file\":\"people.csv\"}");
        assertEquals(202, accepted.status(), accepted.body().toString());
    }

    private String base() {
        return server.getURI().toString().replaceAll("/$", "");
    }

    private String figure(String name) {
        return visible(By.cssSelector("[data-figure='" + name + "']")).getText();
    }

    private void waitForFigure(String name, String value) {
        waitForText(value, By.cssSelector("[data-figure='" + name + "']"));
    }

    /**
     * Until an element {@code by} finds shows {@code text} (exactly, or containing it when it is longer); a table
     * row a new snapshot replaced meanwhile is looked up again.
     */
    private void waitForText(String text, By by) {
        new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(by).stream()
                .anyMatch(e -> e.getText().equals(text) || (text.length() > 3 && e.getText().contains(text))));
    }
}
