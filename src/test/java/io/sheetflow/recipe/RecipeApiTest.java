package io.sheetflow.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recipes over the real server: export, save/list/get/delete, check, and execute with a column map. */
@MicronautTest(transactional = false)
class RecipeApiTest extends ServerTest {
    private static final String CHATS = "/api/v1/chat/workflows/";
    /** North rows, mapped to Client/Total, then those with a Total over 100: Total is made by step 2, not read. */
    private static final String STEPS = """
            [{"operation": "csv/search", "arguments": {"conditions": [{"column": "region", "operator": "equals",
               "value": "North"}], "output_format": "csv"}},
             {"operation": "excel/map-columns", "arguments": {"mapping": {"Client": "customer",
               "Total": {"source": "Amount", "default": 0}}}},
             {"operation": "csv/search", "arguments": {"conditions": [{"column": "Total", "operator": "greater_than",
               "value": 100}], "output_format": "csv"}}]""";
    private static final String NOVEMBER = """
            region,customer,Amount
            North,Ann,150
            South,Bob,300
            North,Cid,90
            """;
    /** This month the export calls the amount column "Amount (EUR)". */
    private static final String DECEMBER = """
            region,customer,Amount (EUR)
            North,Dee,500
            North,Eve,20
            South,Fay,700
            North,Gus,101
            """;

    @Test
    void lastMonthsRecipe_onARenamedColumn_isCheckedRefusedWithoutTheMapAndRunsWithIt() throws Exception {
        String chat = api().createChat();
        upload(api(), chat, "november.csv", NOVEMBER);
        Answer november = api().post(CHATS + chat + "/execute?wait=60",
                "{\"steps\": " + STEPS + ", \"input_file\": \"november.csv\"}");
        assertEquals(200, november.status(), november.body().toString());
        assertEquals("completed", november.data().get("status").asText());
        String runId = november.data().get("run_id").asText();

        Answer exported = api().get(CHATS + chat + "/runs/" + runId + "/recipe");
        assertEquals(200, exported.status(), exported.body().toString());
        JsonNode recipe = exported.data();
        assertEquals(1, recipe.get("sheetflow_recipe").asInt());
        assertEquals(List.of("region", "customer", "Amount"), texts(recipe.get("requires").get("columns")),
                "Total is made by the mapping step, so it is not needed from the input");
        assertEquals(3, recipe.get("steps").size());

        upload(api(), chat, "december.csv", DECEMBER);
        String recipeJson = recipe.toString();
        Answer check = api().post(CHATS + chat + "/recipes/check",
                "{\"recipe\": " + recipeJson + ", \"input_file\": \"december.csv\"}");
        assertEquals(200, check.status(), check.body().toString());
        assertFalse(check.data().get("ok").asBoolean());
        assertEquals(List.of("Amount"), texts(check.data().get("missing")));
        assertEquals("Amount (EUR)", check.data().get("suggestions").get("Amount").asText());

        int runsBefore = api().get(CHATS + chat + "/runs").data().get("count").asInt();
        int filesBefore = api().get(CHATS + chat + "/files").data().get("files").size();
        long objectsBefore = countObjects();
        long eventsBefore = latestEventSeq(chat);
        Answer refused = api().post(CHATS + chat + "/execute?wait=60",
                "{\"recipe\": " + recipeJson + ", \"input_file\": \"december.csv\"}");
        assertEquals(422, refused.status(), refused.body().toString());
        assertTrue(refused.message().contains("Amount"), refused.message());
        assertEquals("RecipeColumnsMissing", refused.data().get("error_type").asText());
        assertEquals(List.of("Amount"), texts(refused.data().get("details").get("missing")));
        assertEquals(runsBefore, api().get(CHATS + chat + "/runs").data().get("count").asInt());
        assertEquals(filesBefore, api().get(CHATS + chat + "/files").data().get("files").size());
        assertEquals(objectsBefore, countObjects());
        assertEquals(eventsBefore, latestEventSeq(chat));

        String map = "{\"Amount\": \"Amount (EUR)\"}";
        Answer mappedCheck = api().post(CHATS + chat + "/recipes/check",
                "{\"recipe\": " + recipeJson + ", \"input_file\": \"december.csv\", \"column_map\": " + map + "}");
        assertTrue(mappedCheck.data().get("ok").asBoolean(), mappedCheck.body().toString());
        Answer december = api().post(CHATS + chat + "/execute?wait=60",
                "{\"recipe\": " + recipeJson + ", \"input_file\": \"december.csv\", \"column_map\": " + map + "}");
        assertEquals(200, december.status(), december.body().toString());
        assertEquals("completed", december.data().get("status").asText(), december.body().toString());
        JsonNode steps = december.data().get("steps");
        String url = steps.get(2).get("output_files").get(0).get("download_url").asText();
        String output = new String(api().download(url).body(), StandardCharsets.UTF_8);
        assertEquals(List.of("Client,Total", "Dee,500", "Gus,101"), output.strip().lines().toList());
    }

    @Test
    void savedRecipes_areListedGotAndDeleted_andOnlyTheirOwnerSeesThem() {
        ApiClient alice = userClient("alice");
        ApiClient bob = userClient("bob");
        Answer saved = alice.post("/api/v1/recipes", "{\"sheetflow_recipe\": 1, \"title\": \"Monthly\", \"name\": "
                + "\"Monthly north\", \"steps\": " + STEPS + "}");
        assertEquals(201, saved.status(), saved.body().toString());
        String id = saved.data().get("id").asText();
        assertEquals("Monthly north", saved.data().get("name").asText());
        assertEquals(List.of("region", "customer", "Amount"),
                texts(saved.data().get("document").get("requires").get("columns")));

        Answer listed = alice.get("/api/v1/recipes");
        assertEquals(1, listed.data().get("count").asInt());
        assertEquals(id, listed.data().get("recipes").get(0).get("id").asText());
        assertEquals(200, alice.get("/api/v1/recipes/" + id).status());
        assertEquals("Monthly", alice.get("/api/v1/recipes/" + id).data().get("document").get("title").asText());

        assertEquals(404, bob.get("/api/v1/recipes/" + id).status());
        assertEquals(404, bob.delete("/api/v1/recipes/" + id).status());
        assertEquals(0, bob.get("/api/v1/recipes").data().get("count").asInt());
        String bobChat = bob.createChat();
        upload(bob, bobChat, "november.csv", NOVEMBER);
        Answer bobUses = bob.post(CHATS + bobChat + "/recipes/check", "{\"recipe_id\": \"" + id + "\"}");
        assertEquals(404, bobUses.status(), "another user's recipe is not found, not usable");

        assertEquals(200, alice.delete("/api/v1/recipes/" + id).status());
        assertEquals(404, alice.get("/api/v1/recipes/" + id).status());
        assertEquals(0, alice.get("/api/v1/recipes").data().get("count").asInt());
    }

    @Test
    void aSavedRecipe_runsByItsId() {
        String chat = api().createChat();
        upload(api(), chat, "november.csv", NOVEMBER);
        Answer saved = api().post("/api/v1/recipes", "{\"sheetflow_recipe\": 1, \"steps\": " + STEPS + "}");
        assertEquals(201, saved.status(), saved.body().toString());
        Answer run = api().post(CHATS + chat + "/execute?wait=60",
                "{\"recipe_id\": \"" + saved.data().get("id").asText() + "\"}");
        assertEquals(200, run.status(), run.body().toString());
        assertEquals("completed", run.data().get("status").asText(), run.body().toString());
    }

    @Test
    void badRecipeDocuments_areRefusedNamingTheProblem_andNothingIsStored() {
        ApiClient carol = userClient("carol");
        assertEquals(400, carol.post("/api/v1/recipes", "this is not JSON").status());
        Answer noVersion = carol.post("/api/v1/recipes", "{\"steps\": " + STEPS + "}");
        assertEquals(422, noVersion.status());
        assertTrue(noVersion.message().contains("sheetflow_recipe"), noVersion.message());
        Answer later = carol.post("/api/v1/recipes", "{\"sheetflow_recipe\": 2, \"steps\": " + STEPS + "}");
        assertEquals(422, later.status());
        assertTrue(later.message().contains("newer"), later.message());
        Answer unknown = carol.post("/api/v1/recipes",
                "{\"sheetflow_recipe\": 1, \"steps\": [{\"operation\": \"excel/teleport\", \"arguments\": {}}]}");
        assertEquals(422, unknown.status());
        assertTrue(unknown.message().contains("excel/teleport"), unknown.message());
        Answer badArguments = carol.post("/api/v1/recipes",
                "{\"sheetflow_recipe\": 1, \"steps\": [{\"operation\": \"csv/search\", \"arguments\": {\"colour\": 1}}]}");
        assertEquals(422, badArguments.status());
        assertEquals(0, carol.get("/api/v1/recipes").data().get("count").asInt());

        String chat = carol.createChat();
        upload(carol, chat, "november.csv", NOVEMBER);
        Answer inlineLater = carol.post(CHATS + chat + "/execute",
                "{\"recipe\": {\"sheetflow_recipe\": 2, \"steps\": " + STEPS + "}}");
        assertEquals(422, inlineLater.status());
        assertTrue(inlineLater.message().contains("newer"), inlineLater.message());
        assertEquals(0, carol.get(CHATS + chat + "/runs").data().get("count").asInt());
    }

    @Test
    void columnMap_namingAColumnTheRecipeDoesNotNeed_isRefused() {
        String chat = api().createChat();
        upload(api(), chat, "november.csv", NOVEMBER);
        Answer refused = api().post(CHATS + chat + "/execute", "{\"recipe\": {\"sheetflow_recipe\": 1, \"steps\": "
                + STEPS + "}, \"column_map\": {\"Colour\": \"region\"}}");
        assertEquals(422, refused.status(), refused.body().toString());
        assertTrue(refused.message().contains("Colour"), refused.message());
    }

    private long latestEventSeq(String chat) {
        return api().get(CHATS + chat + "/events?since=0").data().get("latest_seq").asLong();
    }

    private static void upload(ApiClient client, String chat, String name, String csv) {
        Answer uploaded = client.upload(chat, name, csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, uploaded.status(), uploaded.body().toString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
