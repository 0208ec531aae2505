package io.sheetflow.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up modes: the Jupyter-style first-run token, and auth none (loopback only). */
class FirstRunTokenTest {

    private static ApplicationContext start(Path dataDir, Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "sheetflow.data-dir", dataDir.toString(), "micronaut.server.port", -1));
        properties.putAll(extra);
        ApplicationContext context = ApplicationContext.run(properties, "test");
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    @Test
    void withNoCredentialsConfigured_aTokenIsGenerated_keptPrivately_andSurvivesARestart(@TempDir Path dir) throws Exception {
        String token;
        try (ApplicationContext context = start(dir, Map.of())) {
            token = context.getBean(ServerToken.class).generatedToken().orElseThrow();
            ApiClient api = new ApiClient(context.getBean(EmbeddedServer.class).getURI(), token);
            assertEquals(201, api.post("/api/v1/chat/workflows", null).status());
            assertEquals(401, api.withToken(null).get("/api/v1/chat/workflows").status());
            assertEquals(200, api.get("/api/v1/admin/api-keys").status(), "the server token is the admin");
        }
        Path file = dir.resolve("server-token");
        assertEquals(token, Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (ApplicationContext again = start(dir, Map.of())) {
            assertEquals(token, again.getBean(ServerToken.class).generatedToken().orElseThrow());
        }
    }

    @Test
    void aConfiguredToken_isUsedAndNeverWrittenOrPrinted(@TempDir Path dir) {
        try (ApplicationContext context = start(dir, Map.of("sheetflow.auth.token", "sft_configured_123"))) {
            assertTrue(context.getBean(ServerToken.class).generatedToken().isEmpty());
            ApiClient api = new ApiClient(context.getBean(EmbeddedServer.class).getURI(), "sft_configured_123");
            assertEquals(200, api.get("/api/v1/chat/workflows").status());
            assertNotEquals(200, api.withToken("sft_configured_124").get("/api/v1/chat/workflows").status());
        }
        assertTrue(Files.notExists(dir.resolve("server-token")));
    }

    @Test
    void authNone_onLoopback_letsLocalClientsInAsAdmin(@TempDir Path dir) {
        try (ApplicationContext context = start(dir, Map.of("sheetflow.auth.mode", "none"))) {
            ApiClient anonymous = new ApiClient(context.getBean(EmbeddedServer.class).getURI(), null);
            assertEquals(201, anonymous.post("/api/v1/chat/workflows", null).status());
            assertEquals(200, anonymous.get("/api/v1/admin/api-keys").status());
        }
    }

    @Test
    void authNone_onAPublicInterface_refusesToStart(@TempDir Path dir) {
        Exception refused = assertThrows(Exception.class, () -> start(dir, Map.of("sheetflow.auth.mode", "none",
                "micronaut.server.host", "0.0.0.0")).close());
        Throwable cause = refused;
        while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("only allowed when the server listens on loopback"), cause.getMessage());
    }
}
