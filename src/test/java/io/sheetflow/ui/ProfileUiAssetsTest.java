package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The profile panel's module and styles are served and wired into the page; with Node.js on the PATH, the steps it
 * builds from a facet click and from reviewed clusters are checked by running the served module itself. (No
 * Chromium here for a browser test of the panel.)
 */
@MicronautTest
class ProfileUiAssetsTest extends ServerTest {

    private String served(String path) {
        HttpResponse<byte[]> asset = api().withToken(null).download(path);
        assertEquals(200, asset.statusCode(), path);
        return new String(asset.body(), StandardCharsets.UTF_8);
    }

    @Test
    void profileModuleAndStyles_areServedAndWiredIntoThePage() {
        String module = served("/assets/js/profile.js");
        assertTrue(module.contains("/profile") && module.contains("/clusters"), "calls both endpoints");
        served("/assets/profile.css");
        assertTrue(served("/").contains("href=\"/assets/profile.css\""), "the page links the panel's styles");
        assertTrue(served("/assets/js/panels/file-preview.js").contains("from '../profile.js'"),
                "the conversation's preview panel imports the profile panel");
        assertTrue(served("/assets/js/panels/files.js").contains("profile-button"), "each table file has a Profile button");
    }

    @Test
    void facetsAndAcceptedClusters_buildTheStepsTheBuilderRuns() throws Exception {
        Assumptions.assumeTrue(nodeAvailable(), "Node.js is not on the PATH: the module's step builders are not run");
        Path module = dataDir.resolve("profile.mjs");
        Files.writeString(module, served("/assets/js/profile.js").replace("from './api.js'", "from './api-stub.mjs'")
                .replace("from './dom.js'", "from './dom-stub.mjs'"));
        Files.writeString(dataDir.resolve("api-stub.mjs"), "export function api() {}\n");
        Files.writeString(dataDir.resolve("dom-stub.mjs"),
                "export function h() {}\nexport function clear() {}\nexport function formatCount() {}\nexport function uid() {}\n");
        Path script = dataDir.resolve("check.mjs");
        Files.writeString(script, """
                import { mergeStep, facetSearchStep } from './profile.mjs';
                console.log(JSON.stringify({
                  merge: mergeStep('country', [
                    { accepted: true, canonical: 'United States', values: ['USA', 'usa', 'U S A'] },
                    { accepted: false, canonical: 'France', values: ['France', 'france'] }]),
                  none: mergeStep('country', [{ accepted: false, canonical: 'x', values: ['x', 'X'] }]),
                  csvFacet: facetSearchStep('people.csv', 'country', 'USA'),
                  xlsxFacet: facetSearchStep('out.xlsx', 'n', 3),
                }));
                """);
        Process node = new ProcessBuilder("node", script.toString()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, node.exitValue(), output);
        JsonNode steps = ApiClient.JSON.readTree(output);

        JsonNode merge = steps.get("merge");
        assertEquals("normalization/apply", merge.get("operation").asText());
        JsonNode normalization = merge.at("/arguments/normalizations/0");
        assertEquals("country", normalization.get("column_name").asText());
        assertEquals("categorical_mapping", normalization.get("normalization_type").asText());
        assertEquals(ApiClient.JSON.readTree("{\"USA\":\"United States\",\"usa\":\"United States\","
                + "\"U S A\":\"United States\"}"), normalization.at("/parameters/mapping"));
        assertTrue(steps.get("none").isNull(), "nothing ticked, no step");
        assertEquals("csv/search", steps.at("/csvFacet/operation").asText());
        assertEquals(ApiClient.JSON.readTree("{\"conditions\":[{\"column\":\"country\",\"operator\":\"equals\","
                + "\"value\":\"USA\"}]}"), steps.at("/csvFacet/arguments"));
        assertEquals("excel/search", steps.at("/xlsxFacet/operation").asText());
        assertEquals(3, steps.at("/xlsxFacet/arguments/conditions/0/value").asInt());
    }

    private static boolean nodeAvailable() {
        try {
            Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
