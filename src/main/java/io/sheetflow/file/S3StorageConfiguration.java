package io.sheetflow.file;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** {@code sheetflow.storage.s3.*}: bucket, region and, for S3-compatible stores, endpoint and path style. */
@ConfigurationProperties("sheetflow.storage.s3")
public record S3StorageConfiguration(
        String bucket,
        @Nullable String region,
        @Nullable String endpoint,
        @Nullable Boolean pathStyleAccess,
        @Nullable String accessKeyId,
        @Nullable String secretKey) {
}
