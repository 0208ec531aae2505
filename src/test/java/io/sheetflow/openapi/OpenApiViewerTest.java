package io.sheetflow.openapi;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /docs serves the Swagger UI page and its scripts from the jar, without a token and without any CDN. */
@MicronautTest
class OpenApiViewerTest extends ServerTest {

    private ApiClient anonymous() {
        return api().withToken(null);
    }

    @Test
    void docsServesTheViewerPagePointingAtTheLocalDocumentAndAssets() {
        HttpResponse<byte[]> page = anonymous().download("/docs");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("id=\"swagger-ui\""), html);
        assertTrue(html.contains("src=\"/docs/swagger-ui/swagger-ui-bundle.js\""), html);
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched from elsewhere: " + html);
        String viewer = new String(anonymous().download("/docs/viewer.js").body(), StandardCharsets.UTF_8);
        assertTrue(viewer.contains("url: \"/openapi.yml\""), viewer);
    }

    @Test
    void theSwaggerUiScriptAndStylesComeFromTheWebjar() {
        HttpResponse<byte[]> bundle = anonymous().download("/docs/swagger-ui/swagger-ui-bundle.js");
        assertEquals(200, bundle.statusCode(), "the webjar path in application.yml must name pom.xml's swagger-ui.version");
        assertTrue(bundle.headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertTrue(new String(bundle.body(), StandardCharsets.UTF_8).contains("SwaggerUIBundle"));
        assertEquals(200, anonymous().download("/docs/swagger-ui/swagger-ui.css").statusCode());
    }

    @Test
    void theDocsPathsOpenNothingElseWithoutAToken() {
        assertEquals(401, anonymous().get("/api/v1/chat/workflows").status());
        assertEquals(401, anonymous().get("/api/v1/operations").status());
        HttpResponse<byte[]> traversal = anonymous().download("/docs/../api/v1/stats");
        assertTrue(traversal.statusCode() == 401 || traversal.statusCode() == 404, "" + traversal.statusCode());
        assertEquals(401, anonymous().download("/docs-not/api").statusCode());
    }
}
