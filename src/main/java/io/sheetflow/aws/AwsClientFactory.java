package io.sheetflow.aws;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;

/** The SQS and API Gateway management API clients of the Lambda runtime (url-connection HTTP client). */
@Factory
@Requires(env = "lambda")
public class AwsClientFactory {
    private final AwsSettings settings;

    public AwsClientFactory(AwsSettings settings) {
        this.settings = settings;
    }

    @Singleton
    @Bean(preDestroy = "close")
    public SqsClient sqsClient() {
        var builder = configure(SqsClient.builder());
        if (settings.sqsEndpoint() != null && !settings.sqsEndpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.sqsEndpoint()));
        }
        return builder.httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /**
     * PostToConnection client for the WebSocket API stage ({@code https://{apiId}.execute-api.{region}.amazonaws.com/{stage}}).
     * Our publisher retries by itself (bounded, with backoff), so the SDK makes one attempt per call.
     */
    @Singleton
    @Bean(preDestroy = "close")
    public ApiGatewayManagementApiClient managementApiClient(
            @Value("${sheetflow.websocket.management-endpoint}") String endpoint) {
        return configure(ApiGatewayManagementApiClient.builder())
                .endpointOverride(URI.create(endpoint))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)).apiCallTimeout(Duration.ofSeconds(5)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)))
                .build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        return builder.credentialsProvider(settings.credentialsProvider());
    }

    /**
     * Static credentials only when BOTH an access key id and a secret are configured explicitly (tests, local
     * stand-ins; with the session token when one is configured), else the SDK's default chain. On Lambda the
     * chain reads the role's session credentials from the variables Lambda sets ({@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) or the container credentials of SnapStart.
     * Lambda's {@code AWS_ACCESS_KEY_ID} alone (which Micronaut also exposes as {@code aws.access-key-id})
     * never selects static credentials: only the {@code sheetflow.*} keys do.
     */
    public static AwsCredentialsProvider credentials(String accessKeyId, String secretKey, String sessionToken) {
        if (blank(accessKeyId) || blank(secretKey)) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(blank(sessionToken)
                ? AwsBasicCredentials.create(accessKeyId, secretKey)
                : AwsSessionCredentials.create(accessKeyId, secretKey, sessionToken));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
