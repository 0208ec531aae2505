package io.sheetflow.smoke;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The smoke test against a deployment (README "Lambda"):
 * {@code ./mvnw test -Dtest.groups=smoke -Dtest.excludedGroups=none -Dtest=DeploymentSmokeTest
 * -Dsmoke.api=$HttpApiUrl -Dsmoke.ws=$WebSocketUrl -Dsmoke.token=$TOKEN}.
 */
@Tag("smoke")
class DeploymentSmokeTest {

    @Test
    void deployment_uploadsRunsStreamsEventsAndDownloads() throws Exception {
        String api = System.getProperty("smoke.api");
        String ws = System.getProperty("smoke.ws");
        String token = System.getProperty("smoke.token");
        assertNotNull(api, "-Dsmoke.api=<HttpApiUrl> is required");
        assertNotNull(ws, "-Dsmoke.ws=<WebSocketUrl> is required");
        assertNotNull(token, "-Dsmoke.token=<a JWT from the issuer> is required");
        new DeploymentSmoke(URI.create(api), ws, token, System.out::println).run();
    }
}
