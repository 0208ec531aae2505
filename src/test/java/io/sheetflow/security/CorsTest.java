package io.sheetflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS with nothing configured ({@code sheetflow.cors.allowed-origins} empty): the API is same-origin only. */
@MicronautTest
class CorsTest extends ServerTest {

    static Answer preflight(ApiClient api, String path, String origin) {
        return api.send(HttpRequest.newBuilder(api.base().resolve(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "GET"));
    }

    static void assertEnvelope(Answer answer) {
        JsonNode body = answer.body();
        for (String field : new String[]{"data", "message", "meta", "status_code", "total"}) {
            assertTrue(body.has(field), "envelope field " + field + " in " + body);
        }
        assertEquals(answer.status(), body.get("status_code").asInt(), body.toString());
    }

    @Test
    void preflightFromAnUnlistedOrigin_getsNoGrant_withNoOriginConfigured() {
        Answer preflight = preflight(api(), "/api/v1/chat/workflows", "http://evil.example");
        var headers = preflight.raw().headers();
        assertEquals(403, preflight.status());
        assertEnvelope(preflight);
        assertTrue(headers.firstValue("Access-Control-Allow-Origin").isEmpty(), headers.map().toString());
        assertTrue(headers.firstValue("Access-Control-Allow-Credentials").isEmpty(), headers.map().toString());
    }

    @Test
    void crossOriginRequestFromAnUnlistedOrigin_isRefusedWithTheEnvelope() {
        Answer refused = api().send(HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows"))
                .header("Origin", "http://evil.example").GET());
        assertEquals(403, refused.status());
        assertEnvelope(refused);
        assertTrue(refused.message().startsWith("Origin not allowed"), refused.message());
        assertTrue(refused.raw().headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void sameOriginRequestWithAnOriginHeader_isServed() {
        Answer listed = api().send(HttpRequest.newBuilder(api().base().resolve("/api/v1/chat/workflows"))
                .header("Origin", "http://" + api().base().getAuthority()).GET());
        assertEquals(200, listed.status());
    }
}
