package io.sheetflow.security;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS with one configured origin: it is granted, for routes that exist and for those that do not. */
@MicronautTest
class CorsAllowedOriginTest extends ServerTest {
    private static final String APP = "https://app.example.com";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.cors.allowed-origins", APP);
    }

    @Test
    void preflightFromTheConfiguredOrigin_isGranted() {
        Answer preflight = CorsTest.preflight(api(), "/api/v1/chat/workflows", APP);
        assertEquals(200, preflight.status());
        assertEquals(APP, preflight.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("GET", preflight.raw().headers().firstValue("Access-Control-Allow-Methods").orElse(""));
    }

    @Test
    void preflightForAMissingRoute_fromTheConfiguredOrigin_isGranted_soTheBrowserSeesThe404() {
        Answer preflight = CorsTest.preflight(api(), "/api/v1/no/such/route", APP);
        assertEquals(200, preflight.status(), preflight.raw().headers().map().toString());
        assertEquals(APP, preflight.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));

        Answer missing = api().send(HttpRequest.newBuilder(api().base().resolve("/api/v1/no/such/route"))
                .header("Origin", APP).GET());
        assertEquals(404, missing.status(), missing.body().toString());
        CorsTest.assertEnvelope(missing);
        assertEquals(APP, missing.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void realRequestFromTheConfiguredOrigin_isServedWithTheGrant() {
        Answer listed = api().send(HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows"))
                .header("Origin", APP).GET());
        assertEquals(200, listed.status(), listed.body().toString());
        assertEquals(APP, listed.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void anotherOrigin_isRefusedWithTheEnvelope_andNoGrant() {
        Answer preflight = CorsTest.preflight(api(), "/api/v1/chat/workflows", "https://evil.example");
        assertEquals(403, preflight.status());
        CorsTest.assertEnvelope(preflight);
        assertTrue(preflight.raw().headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
}
