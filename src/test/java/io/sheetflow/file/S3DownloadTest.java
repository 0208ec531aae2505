package io.sheetflow.file;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.S3Fixture;

import java.util.Map;

/** {@link DownloadContract} with S3 (s3proxy) as the object store: ranges go to S3 as ranged GETs. */
@MicronautTest
class S3DownloadTest extends DownloadContract {
    @Override
    protected Map<String, String> extraProperties() {
        return S3Fixture.newBucketProperties();
    }
}
