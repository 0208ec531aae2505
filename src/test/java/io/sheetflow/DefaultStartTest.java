package io.sheetflow;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's start command on embedded defaults: the application in its own JVM, in a fresh working directory,
 * with no data directory configured, comes up with its H2 database, objects and server token under {@code ./data}.
 */
class DefaultStartTest {

    @Test
    void withoutAnyConfiguration_theServerStarts_withItsDataUnderTheWorkingDirectory() throws Exception {
        Path workingDir = Files.createTempDirectory("sheetflow-default-start-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = workingDir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sheetflow.Application"))
                .directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SHEETFLOW_") || name.startsWith("DATASOURCES_"));
        // Only the port differs from the README's defaults, so the test never collides with a running server.
        builder.environment().put("SHEETFLOW_PORT", String.valueOf(port));
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health")).build();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the server stopped:\n" + Files.readString(log));
                }
                try {
                    return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
            assertEquals(200, http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode());
            assertTrue(Files.isRegularFile(workingDir.resolve("data/db/sheetflow.mv.db")), "H2 under ./data/db");
            assertTrue(Files.isRegularFile(workingDir.resolve("data/server-token")), "the first-run token under ./data");
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
