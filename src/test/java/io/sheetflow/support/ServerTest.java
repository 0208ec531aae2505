package io.sheetflow.support;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Base of tests against the real Netty server on a random port, each test class with its own data
 * directory (H2 file database and filesystem object store inside it). Subclasses add properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTest implements TestPropertyProvider {
    protected final Path dataDir = newTempDir();
    /** The server token of this test server: the admin user "local". */
    protected final String adminToken = "sft_test_" + java.util.UUID.randomUUID();

    @Inject
    protected EmbeddedServer server;

    private ApiClient api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("sheetflow.data-dir", dataDir.toString());
        properties.put("sheetflow.auth.token", adminToken);
        properties.putAll(extraProperties());
        return properties;
    }

    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    protected ApiClient api() {
        if (api == null) {
            api = new ApiClient(server.getURI(), adminToken);
        }
        return api;
    }

    /** A client acting as another user: an API key the admin creates for {@code user}. */
    protected ApiClient userClient(String user) {
        ApiClient.Answer created = api().post("/api/v1/admin/api-keys", "{\"user\":\"" + user + "\",\"name\":\"test user\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("Could not create an API key for " + user + ": " + created.body());
        }
        return api().withToken(created.data().get("api_key").asText());
    }

    protected TestSocket socket(String path) {
        return TestSocket.connect(server.getURI(), path, adminToken);
    }

    protected Path objectsDir() {
        return dataDir.resolve("objects");
    }

    protected long countObjects() {
        Path objects = objectsDir();
        if (!Files.exists(objects)) {
            return 0;
        }
        try (var walk = Files.walk(objects)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path newTempDir() {
        try {
            return Files.createTempDirectory("sheetflow-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
