package io.sheetflow.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.S3Fixture;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The whole upload/download/delete path with S3 (s3proxy) as the object store. */
@MicronautTest
class S3StorageApiTest extends ServerTest {
    private Map<String, String> s3;

    @Override
    protected Map<String, String> extraProperties() {
        s3 = S3Fixture.newBucketProperties();
        return s3;
    }

    @Test
    void upload_download_delete_goThroughTheBucket() {
        String chat = api().createChat();
        byte[] csv = FileUploadTest.csvOfSize(300_000, 42);
        JsonNode file = api().upload(chat, "s3.csv", csv).data();
        assertEquals(FileUploadTest.sha256(csv), file.get("sha256").asText());
        String bucket = s3.get("sheetflow.storage.s3.bucket");
        try (S3Client client = S3Fixture.client()) {
            assertEquals(1, client.listObjectsV2(b -> b.bucket(bucket).prefix("chats/" + chat + "/")).keyCount());
            assertArrayEquals(csv, api().download(file.get("download_url").asText()).body());
            assertEquals(200, api().get("/api/v1/health/ready").status());

            assertEquals(200, api().delete("/api/v1/chat/workflows/" + chat).status());
            assertEquals(0, client.listObjectsV2(b -> b.bucket(bucket).prefix("chats/" + chat + "/")).keyCount());
        }
    }
}
