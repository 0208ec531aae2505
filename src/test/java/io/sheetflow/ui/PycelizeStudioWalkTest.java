package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerProcess;
import io.sheetflow.support.ServerTest;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pycelize's own front end, unchanged, against Sheetflow: its conversation list, a new conversation, an upload,
 * an operation from its Operations modal with the progress card to completion, the output's download, dump and
 * restore, and five of its operation pages. Authentication is off on loopback, as Pycelize had none; its
 * WebSocket goes to the second listener on Pycelize's own path; the addresses reach it as {@code window.env}
 * (what its {@code configs/env.ts} reads in the browser), set before any of its scripts runs.
 *
 * <p>Tagged {@code studio}: it needs the front end's sources (see {@link PycelizeStudio}) and npm, so it runs as
 * {@code ./mvnw -Pstudio test}. Screenshots of every page go to {@code target/ui-screenshots/studio-*.png}.
 */
@Tag("studio")
@MicronautTest(transactional = false)
@ExtendWith(ScreenshotOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PycelizeStudioWalkTest extends ServerTest implements BrowserDriven {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int REFERENCE_PORT = ServerProcess.freePort();
    private static final int STUDIO_PORT = ServerProcess.freePort();

    private PycelizeStudio studio;
    private ChromeDriver driver;
    private Path downloads;
    private Path csv;
    private Path xlsx;
    private String chatId;
    private Path dump;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "sheetflow.auth.mode", "none",
                "sheetflow.websocket.reference-port", String.valueOf(REFERENCE_PORT),
                "sheetflow.cors.allowed-origins", "http://127.0.0.1:" + STUDIO_PORT);
    }

    @Override
    public ChromeDriver driver() {
        return driver;
    }

    @BeforeAll
    void startStudioAndBrowser() throws Exception {
        Path built = PycelizeStudio.build();
        studio = PycelizeStudio.start(built, STUDIO_PORT);
        downloads = Files.createTempDirectory(dataDir, "downloads-");
        driver = Browser.start(downloads);
        String env = "window.env = " + ApiClient.JSON.writeValueAsString(Map.of(
                "NEXT_PUBLIC_PYCELIZE_API_URL", server.getURI() + "/api/v1",
                "NEXT_PUBLIC_PYCELIZE_WS_URL", "ws://127.0.0.1:" + REFERENCE_PORT)) + ";" + PROGRESS_RECORDER;
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", env));
        csv = Csv.people(dataDir, 50);
        xlsx = peopleWorkbook(dataDir.resolve("people-50.xlsx"), 50);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (studio != null) {
            studio.close();
        }
    }

    @BeforeEach
    void browserIsThere() {
        assertTrue(driver != null, "the browser started");
    }

    /**
     * Records every state the progress card shows ("running 0%", "completed 100%"...), since the card goes away
     * three seconds after completion: the test waits for the record, not for the card to still be on screen.
     */
    private static final String PROGRESS_RECORDER = """
            window.__progress = [];
            new MutationObserver(() => {
              document.querySelectorAll('.bg-green-500, .bg-blue-500, .bg-red-500').forEach(badge => {
                const card = badge.closest('.space-y-3');
                if (!card) return;
                const percent = [...card.querySelectorAll('span')].map(s => s.textContent).find(t => /%$/.test(t));
                const seen = badge.textContent.trim() + ' ' + percent;
                if (window.__progress[window.__progress.length - 1] !== seen) window.__progress.push(seen);
              });
            }).observe(document, {subtree: true, childList: true, characterData: true});
            """;

    @Test
    @Order(1)
    void conversationList_newConversation_opensItsChatPage() {
        driver.get(studio.base() + "/features/chatbot");
        waitForText("Chat Conversations");
        Browser.screenshot(driver, "studio-01-conversation-list");
        click(button("New Conversation"));
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().matches(".*/features/chatbot/[^/]+$"));
        chatId = driver.getCurrentUrl().replaceAll(".*/features/chatbot/", "");
        waitForText("ID: " + chatId.substring(0, 8));
        assertEquals(200, api().get("/api/v1/chat/workflows/" + chatId).status(), "the conversation exists");
        Browser.screenshot(driver, "studio-02-new-conversation");
    }

    @Test
    @Order(2)
    void upload_thenAnOperationFromTheOperationsModal_runsWithTheProgressCardToCompletion() {
        WebElement input = unhide(driver.findElement(By.cssSelector("input[type=file][accept='.xlsx,.xls,.csv']")));
        input.sendKeys(csv.toAbsolutePath().toString());
        await().atMost(WAIT).until(() -> uploadedNames(chatId).contains(csv.getFileName().toString()));
        Browser.screenshot(driver, "studio-03-uploaded");

        click(By.cssSelector("button[title='View supported operations']"));
        waitForText("Supported Operations");
        choose("Choose an operation...", "Convert Format");
        choose("Choose an endpoint...", "csv/convert-to-excel");
        WebElement sheetName = visible(By.cssSelector("input[placeholder='Sheet1']"));
        sheetName.sendKeys("People");
        Browser.screenshot(driver, "studio-04-operations-modal");
        click(button("Apply Operation"));

        await().atMost(WAIT).until(() -> progressSeen().contains("completed 100%"));
        assertTrue(progressSeen().get(0).startsWith("running"), "the card showed the run first: " + progressSeen());
        Browser.screenshot(driver, "studio-05-progress-completed");
        JsonNode runs = api().get("/api/v1/chat/workflows/" + chatId + "/runs").data();
        assertEquals("completed", runs.findValues("status").get(0).asText(), runs.toString());
    }

    @Test
    @Order(3)
    void outputFilesDrawer_downloadsTheOutput() throws Exception {
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        driver.navigate().refresh(); // the output list is the conversation's, as loaded by the page
        // The upload's message links its file (from metadata.download_url in the history); the drawer's link is
        // the output's.
        String uploadHref = visible(By.xpath("//a[@download and normalize-space(.)='Download File']")).getAttribute("href");
        assertEquals(200, api().download(uploadHref).statusCode(), uploadHref);
        click(By.cssSelector("button[title='View output files']"));
        WebElement link = visible(By.xpath("//a[@download and normalize-space(.)='Download']"));
        String href = link.getAttribute("href");
        Browser.screenshot(driver, "studio-06-output-files");
        Set<String> before = fileNames(downloads);
        click(link);
        Path downloaded = awaitNewDownload(before, ".xlsx");
        byte[] expected = api().download(href).body();
        assertArrayEquals(expected, Files.readAllBytes(downloaded), "the browser saved the output Sheetflow serves");
        assertEquals('P', (char) expected[0], "an xlsx (zip) file");
    }

    @Test
    @Order(4)
    void dump_thenRestoreFromTheList_opensTheRestoredConversationWithTheSameFiles() throws Exception {
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        driver.get(studio.base() + "/features/chatbot/" + chatId);
        waitForText("ID: " + chatId.substring(0, 8));
        click(button("Dump"));
        WebElement download = visible(button("Download Dump"));
        Browser.screenshot(driver, "studio-07-dump-ready");
        Set<String> before = fileNames(downloads);
        String original = driver.getWindowHandle();
        click(download);
        dump = awaitNewDownload(before, ".zip");
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(original)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(original);

        driver.get(studio.base() + "/features/chatbot");
        waitForText("Chat Conversations");
        unhide(driver.findElement(By.id("restore-file-input"))).sendKeys(dump.toAbsolutePath().toString());
        await().atMost(WAIT).until(() -> driver.getCurrentUrl().matches(".*/features/chatbot/[^/]+$"));
        String restored = driver.getCurrentUrl().replaceAll(".*/features/chatbot/", "");
        assertNotEquals(chatId, restored, "a new conversation");
        waitForText("ID: " + restored.substring(0, 8));
        Browser.screenshot(driver, "studio-08-restored");
        assertEquals(checksums(chatId), checksums(restored), "the same files, byte for byte");
    }

    @Test
    @Order(5)
    void fileInfoPage_showsTheColumns() {
        driver.get(studio.base() + "/features/csv-info");
        visible(By.cssSelector("input[type=file]")).sendKeys(csv.toAbsolutePath().toString());
        click(button("Get File Info"));
        waitForText("Columns & Data Types");
        waitForText("signup_date");
        Browser.screenshot(driver, "studio-09-csv-info");
    }

    @Test
    @Order(6)
    void extractionPage_extractsAColumn() {
        driver.get(studio.base() + "/features/column-extraction");
        visible(By.cssSelector("input[type=file]")).sendKeys(xlsx.toAbsolutePath().toString());
        choose("Select column to extract", "email");
        click(button("Extract Columns"));
        waitForText("Column Statistics");
        waitForText("Rows Extracted");
        Browser.screenshot(driver, "studio-10-column-extraction");
    }

    @Test
    @Order(7)
    void searchPage_filtersTheRows() {
        driver.get(studio.base() + "/features/csv-search");
        visible(By.cssSelector("input[type=file]")).sendKeys(csv.toAbsolutePath().toString());
        click(button("Search & Filter"));
        click(button("Add Condition"));
        // A new condition starts on the first column and its first operator.
        choose(By.xpath("//button[@role='combobox'][starts-with(@id, 'column-')]"), "status");
        choose(By.xpath("//button[@role='combobox'][starts-with(@id, 'operator-')]"), "equals");
        visible(By.cssSelector("input[placeholder='Enter value']")).sendKeys("active");
        Browser.screenshot(driver, "studio-11-search-conditions");
        click(button("Execute Search"));
        waitForText("Filtered Rows");
        // Csv.people gives status "active" to every fourth row: 12 of 50.
        WebElement filtered = visible(By.xpath("//*[normalize-space(.)='Filtered Rows']/following::*[normalize-space(.)='12'][1]"));
        assertEquals("12", filtered.getText().strip());
        Browser.screenshot(driver, "studio-12-search-results");
    }

    @Test
    @Order(8)
    void normalizationPage_listsTheTypes_andNormalizesAColumn() {
        driver.get(studio.base() + "/features/normalization");
        waitForText("Data Normalization");
        visible(By.cssSelector("input[type=file]")).sendKeys(xlsx.toAbsolutePath().toString());
        choose("Select column", "email");
        choose("Select normalization type", "lowercase");
        click(button("Apply Normalization"));
        waitForText("Normalization Complete");
        Browser.screenshot(driver, "studio-13-normalization");
    }

    @Test
    @Order(9)
    void sqlGenerationPage_generatesInserts() {
        driver.get(studio.base() + "/features/sql-generation");
        visible(By.cssSelector("input[type=file]")).sendKeys(xlsx.toAbsolutePath().toString());
        visible(By.cssSelector("input[placeholder='my_table']")).sendKeys("people");
        visible(By.cssSelector("input[placeholder='DB column']")).sendKeys("email_address");
        choose("Select Excel column", "email");
        click(button("Generate SQL"));
        waitForText("SQL Generated");
        Browser.screenshot(driver, "studio-14-sql-generation");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static By button(String text) {
        return By.xpath("//button[normalize-space(.)='" + text + "']");
    }

    private WebElement visible(By by) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> {
            WebElement element = driver.findElement(by);
            return element.isDisplayed() && element.isEnabled() ? element : null;
        }, e -> e != null);
    }

    private void click(By by) {
        click(visible(by));
    }

    private void click(WebElement element) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            if (!element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /**
     * Opens the Radix select showing {@code placeholder} and picks the option reading {@code option}, or holding an
     * element that does (a label beside a count badge), or starting with {@code "option :"} (a name and its description).
     */
    private void choose(String placeholder, String option) {
        choose(By.xpath("//button[@role='combobox'][not(@disabled)][.//*[normalize-space(.)='" + placeholder + "']]"),
                option);
    }

    private void choose(By trigger, String option) {
        click(trigger);
        click(By.xpath("//*[@role='option'][normalize-space(.)='" + option + "' or .//*[normalize-space(.)='" + option
                + "'] or starts-with(normalize-space(.), '" + option + " :')]"));
    }

    private WebElement unhide(WebElement input) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].classList.remove('hidden'); arguments[0].style.display = 'block';", input);
        return input;
    }

    private void waitForText(String text) {
        await().atMost(WAIT).ignoreExceptions()
                .until(() -> driver.findElement(By.tagName("body")).getText().contains(text));
    }

    @SuppressWarnings("unchecked")
    private List<String> progressSeen() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("return window.__progress || [];");
    }

    private List<String> uploadedNames(String chat) {
        return api().get("/api/v1/chat/workflows/" + chat + "/files").data().findValues("filename").stream()
                .map(JsonNode::asText).toList();
    }

    /** File name to SHA-256 of every file of the conversation, as Sheetflow serves them. */
    private Map<String, String> checksums(String chat) throws Exception {
        Map<String, String> sums = new java.util.TreeMap<>();
        for (JsonNode file : api().get("/api/v1/chat/workflows/" + chat + "/files").data().findValue("files")) {
            byte[] bytes = api().download("/api/v1/chat/workflows/" + chat + "/files/id/"
                    + file.get("file_id").asText()).body();
            sums.put(file.get("filename").asText(),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        return sums;
    }

    private static Set<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    private Path awaitNewDownload(Set<String> before, String suffix) {
        return await().atMost(WAIT).until(() -> {
            Set<String> now = new HashSet<>(fileNames(downloads));
            now.removeAll(before);
            return now.stream().filter(n -> n.endsWith(suffix)).findFirst().map(downloads::resolve).orElse(null);
        }, p -> p != null);
    }

    private static Path peopleWorkbook(Path file, int rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = workbook.createSheet("Sheet1");
            String[] header = {"id", "name", "email", "age", "status"};
            Row head = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                head.createCell(c).setCellValue(header[c]);
            }
            for (int i = 1; i <= rows; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue(i);
                row.createCell(1).setCellValue("Name " + i);
                row.createCell(2).setCellValue("User" + i + "@Example.COM");
                row.createCell(3).setCellValue(18 + i % 70);
                row.createCell(4).setCellValue(i % 2 == 0 ? "active" : "inactive");
            }
            workbook.write(out);
        }
        return file;
    }
}
