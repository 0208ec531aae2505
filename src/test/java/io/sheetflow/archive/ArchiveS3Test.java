package io.sheetflow.archive;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.S3Fixture;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.HashMap;
import java.util.Map;

/**
 * The archive contract with S3 (s3proxy) as the object store: the dump streams every file from the bucket, a
 * restore writes the restored files there, and a refused restore leaves no object in it.
 */
@MicronautTest(transactional = false)
class ArchiveS3Test extends ArchiveContract {
    private String bucket;

    @Override
    protected Map<String, String> databaseProperties() {
        Map<String, String> p = new HashMap<>(S3Fixture.newBucketProperties());
        bucket = p.get("sheetflow.storage.s3.bucket");
        return p;
    }

    @Override
    protected long countObjects() {
        try (S3Client client = S3Fixture.client()) {
            return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).count();
        }
    }
}
