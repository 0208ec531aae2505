package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient.Answer;
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

/** Apply recipe on a file whose column was renamed (the mapping preselects the suggestion), then Save as recipe. */
@MicronautTest(transactional = false)
class RecipeUiBrowserTest extends BrowserTest {
    private static final String RECIPE = """
            {"sheetflow_recipe": 1, "name": "Big amounts", "steps": [{"operation": "csv/search", "arguments":
             {"conditions": [{"column": "Amount", "operator": "greater_than", "value": 100}], "output_format": "csv"}}]}""";


    @Test
    void applyRecipe_mapsTheRenamedColumnToTheSuggestion_runs_andTheRunSavesAsARecipe() {
        assertEquals(201, api().post("/api/v1/recipes", RECIPE).status());
        String chat = api().createChat();
        Answer uploaded = api().upload(chat, "december.csv",
                "region,Amount (EUR)\nNorth,500\nSouth,20\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, uploaded.status());

        driver.manage().window().setSize(new Dimension(1400, 1050));
        String base = server.getURI().toString().replaceAll("/$", "");
        driver.get(base + "/#token=" + adminToken);
        visible(By.id("new-conversation"));
        driver.get(base + "/#/chat/" + chat);
        visible(By.cssSelector("button.apply-recipe")).click();

        WebElement mapping = visible(By.cssSelector("select.recipe-map"));
        assertEquals("Amount (EUR)", new Select(mapping).getFirstSelectedOption().getText());
        Browser.screenshot(driver, "recipe-apply-mapping");
        visible(By.cssSelector("button.apply-recipe-run")).click();
        visible(By.cssSelector(".run-card[data-status='completed']"));

        visible(By.cssSelector(".run-card[data-status='completed'] button.save-recipe")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(d ->
                api().get("/api/v1/recipes").data().get("count").asInt() == 2);
        JsonNode saved = api().get("/api/v1/recipes").data().get("recipes").get(1).get("document");
        assertEquals("Amount (EUR)", saved.get("requires").get("columns").get(0).asText(),
                "the saved run is the mapped one");
    }

}
