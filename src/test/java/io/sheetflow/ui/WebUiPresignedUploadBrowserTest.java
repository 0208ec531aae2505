package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.metrics.Meters;
import io.sheetflow.support.Csv;
import io.sheetflow.support.S3Fixture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The web UI in "AWS mode" uploads by the presigned flow /ui-config.json names: it starts a direct upload, PUTs the
 * bytes straight to S3 (an s3proxy whose CORS answers the UI's origin only, with PUT and Content-Type, as the
 * stack's files bucket does) and completes it; the file is then listed. The page's CSP is extended for S3 as the
 * stack extends it ({@link ExtendedCspPage}).
 */
@MicronautTest(transactional = false)
class WebUiPresignedUploadBrowserTest extends BrowserTest {
    @Inject
    MeterRegistry registry;

    @Override
    protected Map<String, String> extraProperties() {
        int port = freePort();
        URI s3 = S3Fixture.startWithCors("http://127.0.0.1:" + port, List.of("GET", "HEAD", "PUT"), List.of("Content-Type"));
        Map<String, String> properties = new HashMap<>(S3Fixture.newBucketProperties(s3));
        properties.put("micronaut.server.port", String.valueOf(port));
        properties.put("sheetflow.ui.websocket-url", "/test-api-gateway/prod");
        properties.put("sheetflow.test.api-gateway-stand-in", "true");
        properties.put("sheetflow.ui.upload-flow", "presigned");
        properties.put("sheetflow.test.ui-connect-src", s3.toString());
        return properties;
    }

    @Test
    void awsMode_aPickedFileIsPutToS3ThroughThePresignedUrl_completed_andListed() throws IOException {
        assertEquals("presigned", api().withToken(null).get("/ui-config.json").body().get("upload_flow").asText());
        String chat = api().createChat();
        String base = server.getURI().toString().replaceAll("/$", "");
        driver.get(base + "/#token=" + adminToken);
        visible(By.id("new-conversation"));
        driver.get(base + "/#/chat/" + chat);
        visible(By.id("file-input"));

        Path csv = Csv.people(dataDir, 2_000);
        driver.findElement(By.id("file-input")).sendKeys(csv.toAbsolutePath().toString());
        visible(By.cssSelector("#uploads li[data-state=done][data-filename='people-2000.csv']"));
        visible(By.cssSelector("#files tr[data-filename='people-2000.csv']"));

        assertEquals(1.0, uploads("direct"), "completed as a direct upload");
        assertEquals(0.0, uploads("body"), "nothing was posted through the API (multipart or raw)");
        JsonNode files = api().get("/api/v1/chat/workflows/" + chat + "/files").data();
        assertEquals(1, files.get("count").asInt(), files.toString());
        JsonNode file = files.get("files").get(0);
        assertEquals("people-2000.csv", file.get("filename").asText(), files.toString());
        assertEquals(Files.size(csv), file.get("size").asLong());
    }

    private double uploads(String transport) {
        Counter counter = registry.find(Meters.UPLOADS).tag("transport", transport).counter();
        return counter == null ? 0 : counter.count();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
