package io.sheetflow.support;

import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** One in-process s3proxy (a real S3 protocol server) for the test run; a fresh bucket per caller. */
public final class S3Fixture {
    public static final String ACCESS_KEY = "sheetflow-test";
    public static final String SECRET_KEY = "sheetflow-test-secret";
    private static S3Proxy proxy;

    private S3Fixture() {
    }

    public static synchronized URI endpoint() {
        if (proxy == null) {
            proxy = start(CrossOriginResourceSharing.disabled());
        }
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * A second s3proxy of its own that answers browsers as the stack's files bucket does: CORS for {@code origin}
     * only, with {@code methods} and the request headers {@code headers}. Stopped when the JVM exits.
     */
    public static URI startWithCors(String origin, List<String> methods, List<String> headers) {
        S3Proxy cors = start(new CrossOriginResourceSharing(List.of(origin), methods, headers, List.of("ETag"), "false"));
        return URI.create("http://127.0.0.1:" + cors.getPort());
    }

    private static S3Proxy start(CrossOriginResourceSharing cors) {
        S3Proxy started;
        try {
            started = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .corsRules(cors)
                    .build();
            started.start();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        await().until(() -> started.getState().equals("STARTED"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.stop();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }));
        return started;
    }

    public static S3Client client() {
        return client(endpoint());
    }

    public static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true).build();
    }

    /** Creates a bucket and returns the properties that point Sheetflow's object store at it. */
    public static Map<String, String> newBucketProperties() {
        return newBucketProperties(endpoint());
    }

    /** The same on the s3proxy at {@code endpoint} (e.g. one from {@link #startWithCors}). */
    public static Map<String, String> newBucketProperties(URI endpoint) {
        String bucket = "sheetflow-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = client(endpoint)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return Map.of(
                "sheetflow.storage.type", "s3",
                "sheetflow.storage.s3.bucket", bucket,
                "sheetflow.storage.s3.region", "us-east-1",
                "sheetflow.storage.s3.endpoint", endpoint.toString(),
                "sheetflow.storage.s3.path-style-access", "true",
                "sheetflow.storage.s3.access-key-id", ACCESS_KEY,
                "sheetflow.storage.s3.secret-key", SECRET_KEY);
    }
}
