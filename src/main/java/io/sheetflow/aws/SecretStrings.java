package io.sheetflow.aws;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;

/**
 * Reads the {@code SecretString} of a Secrets Manager secret with the credentials of the other AWS clients
 * ({@code sheetflow.aws.*}, else the SDK's default chain: on Lambda the function's role), in the region of the
 * secret's ARN ({@code aws.region} for a bare name). {@code aws.services.secretsmanager.endpoint-override} points
 * it at a stand-in. Used for the database credentials and the {@code llm} planner's API key.
 */
@Singleton
public class SecretStrings {
    private final String region;
    private final String endpoint;
    private final AwsSettings aws;

    public SecretStrings(@Value("${aws.region:us-east-1}") String region,
                         @Nullable @Value("${aws.services.secretsmanager.endpoint-override:}") String endpoint,
                         AwsSettings aws) {
        this.region = region;
        this.endpoint = endpoint;
        this.aws = aws;
    }

    /**
     * @param what what the secret holds, as an error message names it ("database", "assistant API key")
     * @throws IllegalStateException naming the secret when it cannot be read or has no {@code SecretString}
     */
    public String read(String secretArn, String what) {
        var builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(regionOf(secretArn)))
                .credentialsProvider(aws.credentialsProvider());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        String value;
        try (SecretsManagerClient client = builder.build()) {
            value = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot read the " + what + " secret " + secretArn + ": " + e.getMessage(), e);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The " + what + " secret " + secretArn + " has no SecretString");
        }
        return value;
    }

    /** {@code arn:partition:secretsmanager:REGION:account:secret:name}: its region; else {@code aws.region}. */
    String regionOf(String secretArn) {
        String[] parts = secretArn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && !parts[3].isBlank() ? parts[3] : region;
    }
}
