package io.sheetflow.ui;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web UI's files are served at / from the jar without a token; the API behind them is not. */
@MicronautTest
class WebUiAssetsTest extends ServerTest {

    @Test
    void pageAndAssets_areServedWithoutAToken_butTheApiIsNot() {
        ApiClient anonymous = api().withToken(null);
        HttpResponse<byte[]> page = anonymous.download("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<script type=\"module\" src=\"/assets/js/main.js\">"), html);
        assertTrue(html.contains("Content-Security-Policy"), "the page allows only its own scripts and connections");

        for (String path : List.of("/index.html", "/assets/app.css", "/assets/favicon.svg", "/assets/js/main.js",
                "/assets/js/api.js", "/assets/js/live.js", "/assets/js/chat.js", "/assets/js/forms.js", "/assets/js/dom.js")) {
            HttpResponse<byte[]> asset = anonymous.download(path);
            assertEquals(200, asset.statusCode(), path);
            if (path.endsWith(".js")) {
                assertTrue(asset.headers().firstValue("Content-Type").orElseThrow().contains("javascript"),
                        "module scripts need a JavaScript type: " + path);
            }
        }
        assertEquals(404, anonymous.download("/assets/missing.js").statusCode());
        assertEquals(401, anonymous.get("/api/v1/chat/workflows").status());
        assertEquals(401, anonymous.get("/api/v1/operations").status());
        assertEquals(404, api().get("/api/v1/no-such-route").status(), "unknown API paths stay 404 for callers");
    }
}
