package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web UI in a real headless Chromium against the real server: sign-in, conversations, upload, the
 * workflow builder, live progress across a page reload, download and preview. Screenshots of the main screens
 * go to {@code target/ui-screenshots/} (failures too, as {@code FAILED-<test>.png}).
 */
@MicronautTest(transactional = false)
@ExtendWith(ScreenshotOnFailure.class)
class WebUiBrowserTest extends ServerTest implements BrowserDriven {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OUTPUT = "people-20000_converted_extracted.xlsx";

    @Inject
    GateOperation gate;
    @Inject
    HalfwayGatedCsvToExcel halfway;

    private ChromeDriver driver;
    private Path downloads;

    @Override
    protected Map<String, String> extraProperties() {
        // One run at a time, and a test step that holds the slot: the browser's run waits in the queue
        // for as long as the test needs, whatever the machine's speed.
        return Map.of("sheetflow.test.gate-operation", "true", "sheetflow.runs.max-concurrent", "1");
    }

    @Override
    public ChromeDriver driver() {
        return driver;
    }

    @BeforeAll
    void startBrowser() throws Exception {
        if (!Browser.available()) {
            return; // each test is then skipped with the reason (see blankSession)
        }
        downloads = Files.createTempDirectory(dataDir, "downloads-");
        driver = Browser.start(downloads);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void stopBrowser() {
        if (gate != null) {
            gate.open();
            halfway.open();
        }
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void blankSession() {
        assumeTrue(driver != null, "Browser tests skipped: chromium and chromedriver are not installed "
                + "(apt-get install chromium chromium-driver; CI installs them)");
        gate.close();
        driver.manage().window().setSize(new Dimension(1400, 1050));
        driver.get(base() + "/index.html");
        js("sessionStorage.clear();");
    }

    @AfterEach
    void releaseRuns() {
        gate.open();
        halfway.open();
    }

    @Test
    void wrongToken_showsTheSignInScreenWithAnError_thenTheRightTokenSignsIn() {
        driver.get(base() + "/#token=not-a-valid-token");
        waitForText(By.id("signin-error"), "not accepted");
        assertFalse(driver.getCurrentUrl().contains("not-a-valid-token"), "the token is removed from the address bar");
        WebElement input = driver.findElement(By.id("token-input"));
        assertEquals("Server token or API key", driver.findElement(By.cssSelector("label[for=token-input]")).getText());
        Browser.screenshot(driver, "01-sign-in-error");

        input.sendKeys(adminToken);
        driver.findElement(By.id("signin-submit")).click();
        waitVisible(By.id("new-conversation"));
        assertEquals(adminToken, js("return sessionStorage.getItem('sheetflow.token');"));
    }

    @Test
    void openLink_signsIn_thenUploadBuildQueueRunReloadMidRunAndDownload() throws Exception {
        // Sign in with the banner's Open link: the token is in the fragment and leaves the address bar.
        driver.get(base() + "/#token=" + adminToken);
        waitVisible(By.id("new-conversation"));
        assertFalse(driver.getCurrentUrl().contains(adminToken));

        // A conversation, renamed.
        click(By.id("new-conversation"));
        waitVisible(By.id("chat-title"));
        String chatId = currentChatId();
        click(By.id("rename-button"));
        WebElement title = driver.findElement(By.id("rename-input"));
        title.clear();
        title.sendKeys("Browser test");
        click(By.id("rename-save"));
        waitForText(By.id("chat-title"), "Browser test");
        waitForText(By.cssSelector("#conversation-list li[data-chat-id='" + chatId + "'] .conv-name"), "Browser test");

        // Upload a 20,000-row CSV through the picker, and a file of the wrong type.
        Path csv = Csv.people(dataDir, 20_000);
        driver.findElement(By.id("file-input")).sendKeys(csv.toAbsolutePath().toString());
        waitVisible(By.cssSelector("#uploads li[data-state=done][data-filename='people-20000.csv']"));
        assertEquals("100", driver.findElement(By.cssSelector("#uploads li[data-state=done] [role=progressbar]"))
                .getAttribute("aria-valuenow"));
        waitVisible(By.cssSelector("#files tr[data-filename='people-20000.csv']"));
        Path notes = Files.writeString(dataDir.resolve("notes.txt"), "not a spreadsheet");
        driver.findElement(By.id("file-input")).sendKeys(notes.toAbsolutePath().toString());
        waitForText(By.cssSelector("#uploads li[data-state=failed] .upload-status"), "Wrong file type");
        waitForText(By.cssSelector("#conversation-list li[data-chat-id='" + chatId + "'] .file-count"), "1 file");

        // Build convert-to-excel, then extract-columns-to-file with columns picked from the input's header.
        waitForText(By.id("columns-hint"), "email");
        addStep("csv/convert-to-excel");
        addStep("excel/info");
        addStep("excel/extract-columns-to-file");
        // Reorder and remove: the info step moves to the end, then goes.
        click(By.cssSelector("#steps li[data-operation='excel/info'] button[aria-label='Move step 2 down']"));
        assertEquals(List.of("csv/convert-to-excel", "excel/extract-columns-to-file", "excel/info"), stepOperations());
        click(By.cssSelector("#steps li[data-operation='excel/info'] button[aria-label='Remove step 3']"));
        assertEquals(List.of("csv/convert-to-excel", "excel/extract-columns-to-file"), stepOperations());
        WebElement extract = driver.findElement(By.cssSelector("#steps li[data-operation='excel/extract-columns-to-file']"));
        extract.findElement(By.cssSelector("input[data-column=email]")).click();
        extract.findElement(By.cssSelector("input[data-column=id]")).click();
        waitForText(By.cssSelector("#steps li[data-index='1'] .column-picker .field-hint"), "Order: email, id");
        Browser.screenshot(driver, "03-upload-and-builder");

        // Another run holds the only run slot, so this one waits in the queue.
        halfway.close();
        String blocker = blockingRun();
        click(By.id("run-workflow"));
        WebElement queued = waitVisible(By.cssSelector("#runs .run-card[data-status=queued]"));
        String runId = queued.getAttribute("data-run-id");
        String card = ".run-card[data-run-id='" + runId + "']";
        waitForText(By.cssSelector(card + " .queue-position"), "position 1");
        Browser.screenshot(driver, "04-run-queued");

        // The slot frees: the run starts, and its first step moves live until it holds half-way.
        recordProgressBars();
        gate.open();
        By firstBar = By.cssSelector(card + " .run-step[data-step-index='0'] [role=progressbar]");
        waitUntil(() -> Integer.parseInt(driver.findElement(firstBar).getAttribute("aria-valuenow")) >= 45);
        assertEquals("running", driver.findElement(By.cssSelector(card)).getAttribute("data-status"));
        List<Long> beforeReload = recordedProgress();
        assertTrue(beforeReload.stream().anyMatch(p -> p > 0 && p < 100), "the bar moved: " + beforeReload);
        Browser.screenshot(driver, "05-run-in-progress");

        // Reload mid-run: the page comes back to the conversation with the run where it is, live again.
        driver.navigate().refresh();
        waitVisible(By.cssSelector(card + "[data-status=running]"));
        waitUntil(() -> Integer.parseInt(driver.findElement(firstBar).getAttribute("aria-valuenow")) >= 45);
        waitForAttribute(By.id("live-indicator"), "data-state", "live");
        recordProgressBars();

        // Let it finish: progress arrives live over the WebSocket and reaches 100% for both steps.
        halfway.open();
        waitVisible(By.cssSelector(card + "[data-status=completed]"));
        List<WebElement> bars = driver.findElements(By.cssSelector(".run-card[data-run-id='" + runId + "'] [role=progressbar]"));
        assertEquals(2, bars.size());
        for (WebElement bar : bars) {
            assertEquals("100", bar.getAttribute("aria-valuenow"));
        }
        List<Long> seen = recordedProgress();
        assertTrue(seen.stream().anyMatch(p -> p > 0 && p < 100), "after the reload the bars moved on live: " + seen);
        assertTrue(seen.contains(100L), seen.toString());
        assertEquals("live", driver.findElement(By.id("live-indicator")).getAttribute("data-state"));
        waitForText(By.cssSelector("#conversation-list li[data-chat-id='" + chatId + "'] .run-badge"), "completed");
        waitForText(By.id("messages"), "Workflow completed");
        assertEquals("completed", awaitRun(blocker).get("status").asText());
        Browser.screenshot(driver, "06-run-completed");

        // Download the output (fetched with the Authorization header, saved from a blob) and read it.
        By output = By.cssSelector(".run-card[data-run-id='" + runId + "'] .outputs li[data-filename='" + OUTPUT + "']");
        waitVisible(output).findElement(By.cssSelector(".download-button")).click();
        Path downloaded = downloads.resolve(OUTPUT);
        await().atMost(WAIT).until(() -> Files.exists(downloaded) && Files.size(downloaded) > 0
                && noPartialDownloads());
        try (TableReader reader = TableReaders.open(downloaded, SheetFormat.XLSX, ReadOptions.firstSheet())) {
            assertEquals(List.of("email", "id"), reader.header());
            assertArrayEquals(new Object[]{"user1@Example.COM", 1L}, reader.nextRow());
            long rows = 1;
            Object[] last = null;
            for (Object[] row; (row = reader.nextRow()) != null; ) {
                rows++;
                last = row;
            }
            assertEquals(20_000, rows);
            assertArrayEquals(new Object[]{"user20000@Example.COM", 20_000L}, last);
        }

        // Preview the first 100 rows of the output.
        driver.findElement(output).findElement(By.cssSelector(".preview-button")).click();
        waitForText(By.id("preview-caption"), "Rows 1–100 of about");
        List<WebElement> previewRows = driver.findElements(By.cssSelector("#preview-table tbody tr"));
        assertEquals(100, previewRows.size());
        List<String> firstRow = previewRows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("1", "user1@Example.COM", "1"), firstRow);
        Browser.screenshot(driver, "07-preview");

        // The same screens on a phone-sized window.
        driver.manage().window().setSize(new Dimension(400, 2400)); // tall: the whole page in one screenshot
        js("window.scrollTo(0, 0);");
        Browser.screenshot(driver, "08-narrow-conversation");
        driver.get(base() + "/#/");
        waitVisible(By.cssSelector("#conversation-list li[data-chat-id='" + chatId + "']"));
        Browser.screenshot(driver, "09-narrow-list");
    }

    @Test
    void deleteConversation_asksForConfirmation_andCancelKeepsIt() {
        String chatId = api().createChat();
        api().patch("/api/v1/chat/workflows/" + chatId, "{\"title\":\"To be deleted\"}");
        driver.get(base() + "/#token=" + adminToken);
        waitVisible(By.id("new-conversation"));
        driver.get(base() + "/#/chat/" + chatId);
        waitForText(By.id("chat-title"), "To be deleted");
        Browser.screenshot(driver, "02-conversation-empty");

        click(By.id("delete-button"));
        WebElement dialog = waitVisible(By.id("confirm-dialog"));
        assertTrue(dialog.getText().contains("To be deleted"), dialog.getText());
        Browser.screenshot(driver, "10-delete-confirmation");
        click(By.id("confirm-cancel"));
        assertEquals(200, api().get("/api/v1/chat/workflows/" + chatId).status());

        click(By.id("delete-button"));
        waitVisible(By.id("confirm-dialog"));
        click(By.id("confirm-ok"));
        await().atMost(WAIT).until(() -> api().get("/api/v1/chat/workflows/" + chatId).status() == 404);
        waitUntil(() -> driver.findElements(By.cssSelector("#conversation-list li[data-chat-id='" + chatId + "']")).isEmpty());
        waitUntil(() -> driver.getCurrentUrl().endsWith("#/"));
    }

    @Test
    void assistant_aTypedRequestShowsASuggestionCard_runItFinishesLive_andTheOutputDownloads() throws Exception {
        String chatId = api().createChat();
        assertEquals(200, api().upload(chatId, "people-10.csv", Csv.people(dataDir, 10)).status());
        driver.get(base() + "/#token=" + adminToken);
        waitVisible(By.id("new-conversation"));
        driver.get(base() + "/#/chat/" + chatId);
        waitForAttribute(By.id("live-indicator"), "data-state", "live");

        driver.findElement(By.id("assistant-input")).sendKeys("take email and id from people-10.csv");
        click(By.id("assistant-send"));
        WebElement card = waitVisible(By.cssSelector("#assistant-thread .from-assistant[data-state=complete] .suggestion-card"));
        assertTrue(driver.findElement(By.cssSelector("#assistant-thread .from-user")).getText()
                .contains("take email and id from people-10.csv"));
        assertTrue(card.getText().contains("excel/extract-columns-to-file"), card.getText());
        assertTrue(api().get("/api/v1/chat/workflows/" + chatId + "/runs").data().get("runs").isEmpty(),
                "nothing runs before Run is pressed");
        Browser.screenshot(driver, "10-assistant-suggestion");

        card.findElement(By.cssSelector(".suggestion-run")).click();
        waitForText(By.cssSelector(".suggestion-card .suggestion-status"), "Running");
        WebElement run = waitVisible(By.cssSelector("#runs .run-card[data-status=completed]"));
        waitForText(By.id("assistant-thread"), "Done");
        run.findElement(By.cssSelector(".outputs .download-button")).click();
        await().atMost(WAIT).until(() -> {
            try (var files = Files.list(downloads)) {
                return files.findAny().isPresent() && noPartialDownloads();
            }
        });
        Browser.screenshot(driver, "11-assistant-run-completed");

        // A second suggestion, discarded: its buttons go, and confirming it afterwards is refused.
        driver.findElement(By.id("assistant-input")).sendKeys("extract email from people-10.csv\n");
        By second = By.cssSelector("#assistant-thread .from-assistant[data-state=complete]:last-child .suggestion-card");
        waitVisible(second).findElement(By.cssSelector(".suggestion-discard")).click();
        waitForText(By.cssSelector("#assistant-thread li:last-child .suggestion-status"), "Discarded");
        String suggestionId = driver.findElement(second).getAttribute("data-suggestion-id");
        assertEquals(409, api().post("/api/v1/chat/workflows/" + chatId + "/suggestions/" + suggestionId + "/confirm",
                null).status());

        // After a reload the thread is rebuilt from the history.
        driver.navigate().refresh();
        waitVisible(By.cssSelector("#assistant-thread .suggestion-card[data-suggestion-id='" + suggestionId + "']"));
        assertEquals(2, driver.findElements(By.cssSelector("#assistant-thread .from-user")).size(),
                driver.findElement(By.id("assistant-thread")).getText() + "\n" + api().get("/api/v1/chat/workflows/" + chatId + "/messages").body());
    }

    @Test
    void cancelButton_cancelsARunningRun() {
        String chatId = api().createChat();
        assertEquals(200, api().upload(chatId, "small.csv", Csv.people(dataDir, 10)).status());
        driver.get(base() + "/#token=" + adminToken);
        waitVisible(By.id("new-conversation"));
        driver.get(base() + "/#/chat/" + chatId);
        waitForText(By.id("columns-hint"), "email");
        addStep("test/gate");
        click(By.id("run-workflow"));
        WebElement running = waitVisible(By.cssSelector("#runs .run-card[data-status=running]"));
        String runId = running.getAttribute("data-run-id");

        running.findElement(By.cssSelector(".cancel-run")).click();
        waitVisible(By.cssSelector(".run-card[data-run-id='" + runId + "'][data-status=cancelled]"));
        assertEquals("cancelled", api().get("/api/v1/chat/workflows/" + chatId + "/runs/" + runId).data().get("status").asText());
        waitUntil(() -> !driver.findElement(By.cssSelector(".run-card[data-run-id='" + runId + "'] .cancel-run")).isDisplayed());
    }

    @Test
    void revokedKey_endsTheSessionWithAClearSignInScreen() {
        Answer created = api().post("/api/v1/admin/api-keys", "{\"user\":\"erin\",\"name\":\"browser\"}");
        assertEquals(201, created.status(), created.body().toString());
        String key = created.data().get("api_key").asText();
        driver.get(base() + "/#token=" + key);
        waitVisible(By.id("new-conversation"));

        assertEquals(200, api().delete("/api/v1/admin/api-keys/" + created.data().get("key").get("key_id").asText()).status());
        await().atMost(WAIT).until(() -> api().withToken(key).get("/api/v1/chat/workflows").status() == 401);
        click(By.id("new-conversation"));
        waitForText(By.id("signin-error"), "session has ended");
        assertNull(js("return sessionStorage.getItem('sheetflow.token');"));
    }

    @Test
    void socketThatOpensButNeverSaysConnected_isGivenUp_andRunsAreFollowedByPolling() {
        String chatId = api().createChat();
        assertEquals(200, api().upload(chatId, "small.csv", Csv.people(dataDir, 50)).status());
        // Every page of this test gets a WebSocket that opens and then stays silent (no `connected`, no close),
        // as behind a proxy that swallows frames. The page must not show "Connecting…" forever.
        Object script = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__silentSockets = { opened: 0, closed: 0 };"
                        + "window.WebSocket = class extends EventTarget {"
                        + "  constructor() { super(); this.readyState = 0; window.__silentSockets.opened++;"
                        + "    setTimeout(() => { this.readyState = 1; this.dispatchEvent(new Event('open')); }, 0); }"
                        + "  send() {}"
                        + "  close() { this.readyState = 3; window.__silentSockets.closed++; }"
                        + "};"));
        try {
            driver.get(base() + "/#token=" + adminToken);
            driver.get(base() + "/#/chat/" + chatId);
            waitForAttribute(By.id("live-indicator"), "data-state", "down");
            waitForText(By.id("live-indicator"), "Live updates are down");
            assertTrue(((Number) js("return window.__silentSockets.closed;")).intValue() >= 1,
                    "the silent socket was closed when it was given up");

            Answer run = api().post("/api/v1/chat/workflows/" + chatId + "/execute",
                    "{\"steps\":[{\"operation\":\"csv/convert-to-excel\"}]}");
            assertEquals(202, run.status(), run.body().toString());
            String runId = run.data().get("run_id").asText();
            waitVisible(By.cssSelector(".run-card[data-run-id='" + runId + "'][data-status=completed]"));
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                    Map.of("identifier", ((Map<?, ?>) script).get("identifier")));
        }
    }

    @Test
    void webSocketsUnavailable_showsTheIndicator_andFollowsRunsByPolling() {
        String chatId = api().createChat();
        assertEquals(200, api().upload(chatId, "small.csv", Csv.people(dataDir, 50)).status());
        // Every page of this test gets a WebSocket that never connects.
        Object script = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.WebSocket = class { constructor() { throw new Error('WebSockets are blocked by the test'); } };"));
        try {
            driver.get(base() + "/#token=" + adminToken);
            driver.get(base() + "/#/chat/" + chatId);
            waitForAttribute(By.id("live-indicator"), "data-state", "down");
            waitForText(By.id("live-indicator"), "Live updates are down");

            Answer run = api().post("/api/v1/chat/workflows/" + chatId + "/execute",
                    "{\"steps\":[{\"operation\":\"csv/convert-to-excel\"}]}");
            assertEquals(202, run.status(), run.body().toString());
            String runId = run.data().get("run_id").asText();
            waitVisible(By.cssSelector(".run-card[data-run-id='" + runId + "'][data-status=completed]"));
            assertEquals("100", driver.findElement(By.cssSelector(".run-card[data-run-id='" + runId + "'] [role=progressbar]"))
                    .getAttribute("aria-valuenow"));
            Browser.screenshot(driver, "11-live-updates-down");
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                    Map.of("identifier", ((Map<?, ?>) script).get("identifier")));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String base() {
        return server.getURI().toString().replaceAll("/$", "");
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private String currentChatId() {
        waitUntil(() -> driver.getCurrentUrl().contains("#/chat/"));
        String url = driver.getCurrentUrl();
        return url.substring(url.indexOf("#/chat/") + "#/chat/".length());
    }

    private void addStep(String operation) {
        new Select(driver.findElement(By.id("operation-select"))).selectByValue(operation);
        click(By.id("add-step"));
        waitVisible(By.cssSelector("#steps li[data-operation='" + operation + "']"));
    }

    private List<String> stepOperations() {
        return driver.findElements(By.cssSelector("#steps li[data-operation]")).stream()
                .map(e -> e.getAttribute("data-operation")).toList();
    }

    /** A run in another conversation that holds the only run slot until the gate opens. */
    private String blockingRun() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "tiny.csv", Csv.people(dataDir, 3)).status());
        Answer accepted = api().post("/api/v1/chat/workflows/" + chat + "/execute", "{\"steps\":[{\"operation\":\"test/gate\"}]}");
        assertEquals(202, accepted.status(), accepted.body().toString());
        String runId = accepted.data().get("run_id").asText();
        await().atMost(WAIT).until(() -> "running".equals(api().get("/api/v1/chat/workflows/" + chat + "/runs/" + runId)
                .data().get("status").asText()));
        blockerChat = chat;
        return runId;
    }

    private String blockerChat;

    private JsonNode awaitRun(String runId) {
        String path = "/api/v1/chat/workflows/" + blockerChat + "/runs/" + runId;
        await().atMost(WAIT).until(() -> api().get(path).data().get("status").asText().matches("completed|failed|cancelled"));
        return api().get(path).data();
    }

    /** Records every value the run progress bars show from now on (a MutationObserver in the page). */
    private void recordProgressBars() {
        js("window.__progressSeen = [];"
                + "new MutationObserver(records => records.forEach(r => {"
                + "  if (r.target.matches && r.target.matches('.run-card [role=progressbar]')) {"
                + "    window.__progressSeen.push(Number(r.target.getAttribute('aria-valuenow')));"
                + "  }"
                + "})).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['aria-valuenow']});");
    }

    @SuppressWarnings("unchecked")
    private List<Long> recordedProgress() {
        List<Long> values = new ArrayList<>();
        for (Object v : (List<Object>) js("return window.__progressSeen || [];")) {
            values.add(((Number) v).longValue());
        }
        return values;
    }

    private boolean noPartialDownloads() throws Exception {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.noneMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
        }
    }

    private void click(By by) {
        waitVisible(by).click();
    }

    private WebElement waitVisible(By by) {
        return wait(() -> {
            List<WebElement> found = driver.findElements(by);
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    private void waitForText(By by, String text) {
        wait(() -> driver.findElements(by).stream().anyMatch(e -> e.getText().contains(text)) ? Boolean.TRUE : null);
    }

    private void waitForAttribute(By by, String attribute, String value) {
        wait(() -> driver.findElements(by).stream().anyMatch(e -> value.equals(e.getAttribute(attribute))) ? Boolean.TRUE : null);
    }

    private void waitUntil(Supplier<Boolean> condition) {
        wait(() -> condition.get() ? Boolean.TRUE : null);
    }

    /** Polls the page until the supplier returns non-null (stale elements are retried). */
    private <T> T wait(Supplier<T> supplier) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> supplier.get());
    }
}
