package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Know your data before you run, in one walk through the web UI: profile a file, click a top value (a facet) to
 * add a search step, preview it, run it, save the run as a recipe, and apply the recipe to next month's file whose
 * column was renamed (the mapping step preselects the suggestion).
 */
@MicronautTest(transactional = false)
class DataPrepWalkBrowserTest extends BrowserTest {
    private static final String NOVEMBER = "region,status,amount\nNorth,active,10\nSouth,inactive,20\nEast,active,30\n"
            + "West,pending,40\nNorth,active,50\n";
    private static final String DECEMBER = "region,Status,amount\nNorth,inactive,1\nSouth,active,2\nEast,active,3\n";


    @Test
    void profile_facet_preview_run_saveRecipe_applyToNextMonthsRenamedFile() {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "november.csv", NOVEMBER.getBytes(StandardCharsets.UTF_8)).status());
        ApiClient.Answer december = api().upload(chat, "december.csv", DECEMBER.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, december.status());
        String decemberId = december.data().get("file_id").asText();

        driver.manage().window().setSize(new Dimension(1400, 1050));
        String base = server.getURI().toString().replaceAll("/$", "");
        driver.get(base + "/#token=" + adminToken);
        visible(By.id("new-conversation"));
        driver.get(base + "/#/chat/" + chat);

        // Profile november.csv; its status column's most frequent value is "active" (3 of 5).
        visible(By.cssSelector("button.profile-button[aria-label='Profile november.csv']")).click();
        WebElement facet = visible(By.cssSelector("section.profile-column[data-column='status'] button.facet"));
        assertTrue(facet.getText().startsWith("active"), facet.getText());
        Browser.screenshot(driver, "walk-01-profile");
        facet.click();
        visible(By.cssSelector("#steps li[data-operation='csv/search']"));
        new Select(visible(By.id("input-file"))).selectByVisibleText("november.csv (uploaded)");

        // Preview: the step's effect on the first rows, nothing recorded.
        visible(By.id("preview-workflow")).click();
        WebElement step = visible(By.cssSelector("#workflow-preview li[data-operation='csv/search']"));
        assertTrue(step.getText().contains("5 → 3 rows"), step.getText());
        Browser.screenshot(driver, "walk-02-preview");
        assertEquals(0, runCount(chat), "a preview records no run");

        // Run it, then save the run as a recipe.
        visible(By.id("run-workflow")).click();
        visible(By.cssSelector(".run-card[data-status='completed'] button.save-recipe")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(d -> recipeCount() == 1);
        Browser.screenshot(driver, "walk-03-run-saved-as-recipe");

        // Apply it to december.csv, where "status" became "Status": the mapping preselects it.
        visible(By.cssSelector("button.apply-recipe[aria-label='Apply a recipe to december.csv']")).click();
        WebElement mapping = visible(By.cssSelector("select.recipe-map"));
        assertEquals("Status", new Select(mapping).getFirstSelectedOption().getText());
        Browser.screenshot(driver, "walk-04-apply-recipe-mapping");
        visible(By.cssSelector("button.apply-recipe-run")).click();
        new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(d -> completedRuns(chat) == 2);

        JsonNode runs = api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("runs");
        JsonNode decemberRun = null;
        for (JsonNode run : runs) {
            if (run.get("input_file_id").asText().equals(decemberId)) {
                decemberRun = run;
            }
        }
        assertTrue(decemberRun != null, runs.toString());
        assertEquals("Status", decemberRun.get("steps").get(0).get("arguments").get("conditions").get(0)
                .get("column").asText(), "the recipe ran with the mapped column");
    }

    private int runCount(String chat) {
        return api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("count").asInt();
    }

    private int completedRuns(String chat) {
        int completed = 0;
        for (JsonNode run : api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("runs")) {
            completed += run.get("status").asText().equals("completed") ? 1 : 0;
        }
        return completed;
    }

    private int recipeCount() {
        return api().get("/api/v1/recipes").data().get("count").asInt();
    }

}
