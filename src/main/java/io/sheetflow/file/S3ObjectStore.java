package io.sheetflow.file;

import io.micronaut.context.annotation.Requires;
import io.sheetflow.aws.AwsClientFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Objects in an S3 bucket (or any S3-compatible store: endpoint override and path-style access). */
@Singleton
@Requires(property = "sheetflow.storage.type", value = "s3")
public class S3ObjectStore implements ObjectStore {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3ObjectStore(S3StorageConfiguration config) {
        this.bucket = config.bucket();
        // Unset: the SDK's region chain (AWS_REGION on Lambda), else us-east-1.
        Region region = config.region() != null && !config.region().isBlank() ? Region.of(config.region())
                : regionFromEnvironment();
        AwsCredentialsProvider credentials = AwsClientFactory.credentials(
                config.accessKeyId(), config.secretKey(), null);
        S3Configuration s3Config = S3Configuration.builder()
                .pathStyleAccessEnabled(Boolean.TRUE.equals(config.pathStyleAccess()))
                .build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        var presignerBuilder = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        if (config.endpoint() != null && !config.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(config.endpoint()));
            presignerBuilder.endpointOverride(URI.create(config.endpoint()));
        }
        this.s3 = builder.build();
        this.presigner = presignerBuilder.build();
    }

    private static Region regionFromEnvironment() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1;
        }
    }

    @Override
    public void put(String key, Path source, String contentType) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(source));
        } catch (S3Exception e) {
            throw new IOException("S3 put failed: " + e.awsErrorDetails().errorCode(), e);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key);
        } catch (S3Exception e) {
            throw new IOException("S3 get failed: " + e.awsErrorDetails().errorCode(), e);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("Negative offset or length");
        }
        if (length == 0) {
            if (!exists(key)) {
                throw new ObjectNotFoundException(key);
            }
            return InputStream.nullInputStream();
        }
        // S3 sends only the range and the SDK streams it off the connection: nothing is buffered whole.
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key).range(range));
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                // The offset is at or past the end of the object: nothing to read.
                return InputStream.nullInputStream();
            }
            throw new IOException("S3 get failed: " + e.awsErrorDetails().errorCode(), e);
        }
    }

    /** A server-side copy, then the source is deleted (CopyObject handles objects up to 5 GB, above the upload limit). */
    @Override
    public void move(String source, String target) throws IOException {
        try {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(source).destinationBucket(bucket).destinationKey(target));
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(source);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException(source);
            }
            throw new IOException("S3 copy failed: " + e.awsErrorDetails().errorCode(), e);
        }
        delete(source);
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            throw new IOException("S3 delete failed: " + e.awsErrorDetails().errorCode(), e);
        }
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        try {
            for (var page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())) {
                List<ObjectIdentifier> ids = page.contents().stream().map(S3Object::key)
                        .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
                if (!ids.isEmpty()) {
                    s3.deleteObjects(DeleteObjectsRequest.builder().bucket(bucket)
                            .delete(Delete.builder().objects(ids).quiet(true).build()).build());
                }
            }
        } catch (S3Exception e) {
            throw new IOException("S3 delete failed: " + e.awsErrorDetails().errorCode(), e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("S3 head failed: " + e.awsErrorDetails().errorCode(), e);
        }
    }

    @Override
    public Optional<URI> presignGet(String key, Duration ttl, String downloadName, String contentType) {
        var request = presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(g -> g
                .bucket(bucket).key(key)
                .responseContentType(contentType)
                .responseContentDisposition(ContentDisposition.attachment(downloadName))));
        try {
            return Optional.of(request.url().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    @Override
    public Optional<PresignedPut> presignPut(String key, Duration ttl, String contentType, long size) {
        // Content type and length are signed: S3 refuses a body of another size or type.
        var request = presigner.presignPutObject(p -> p.signatureDuration(ttl).putObjectRequest(b -> b
                .bucket(bucket).key(key).contentType(contentType).contentLength(size)));
        try {
            return Optional.of(new PresignedPut(request.url().toURI(), java.util.Map.of("Content-Type", contentType)));
        } catch (java.net.URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    @Override
    public void checkAvailable() throws IOException {
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
        } catch (S3Exception e) {
            throw new IOException("S3 bucket unavailable: " + e.statusCode(), e);
        }
    }

    @PreDestroy
    void close() {
        presigner.close();
        s3.close();
    }
}
