package io.sheetflow.file;

import io.sheetflow.support.S3Fixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The S3 adapter against s3proxy, a real S3 protocol server running in-process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ObjectStoreTest extends ObjectStoreContract {
    private S3ObjectStore store;

    @BeforeAll
    void createStore() {
        Map<String, String> p = S3Fixture.newBucketProperties();
        store = new S3ObjectStore(new S3StorageConfiguration(p.get("sheetflow.storage.s3.bucket"), "us-east-1",
                p.get("sheetflow.storage.s3.endpoint"), true, S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY));
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Test
    void presignedGet_downloadsTheObjectWithItsNameAndType() throws Exception {
        String key = ObjectKeys.forFile(UUID.randomUUID(), UUID.randomUUID());
        store.put(key, file("x,y\n".getBytes(StandardCharsets.UTF_8)), "text/csv");
        URI url = store.presignGet(key, Duration.ofMinutes(5), "résumé.csv", "text/csv").orElseThrow();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("x,y\n", response.body());
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").contains("filename*=UTF-8''r%C3%A9sum%C3%A9.csv"));
    }

    @Test
    void missingBucket_failsReadiness() {
        S3ObjectStore missing = new S3ObjectStore(new S3StorageConfiguration("no-such-bucket-" + UUID.randomUUID()
                .toString().substring(0, 8), "us-east-1", S3Fixture.endpoint().toString(), true,
                S3Fixture.ACCESS_KEY, S3Fixture.SECRET_KEY));
        try {
            assertThrows(IOException.class, missing::checkAvailable);
        } finally {
            missing.close();
        }
    }
}
