package io.sheetflow.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.net.URI;

/**
 * The database credentials in the Secrets Manager secret named by {@code sheetflow.db.secret-arn}
 * ({@code SHEETFLOW_DB_SECRET_ARN}; RDS's JSON with {@code username} and {@code password}), read once.
 */
@Singleton
@Requires(property = DatabaseSecret.ARN_PROPERTY)
public class DatabaseSecret {
    public static final String ARN_PROPERTY = "sheetflow.db.secret-arn";

    private final String secretArn;
    private final String region;
    private final String endpoint;
    private final AwsSettings aws;
    private volatile Credentials credentials;

    public DatabaseSecret(@Value("${" + ARN_PROPERTY + "}") String secretArn,
                          @Value("${aws.region:us-east-1}") String region,
                          @Nullable @Value("${aws.services.secretsmanager.endpoint-override:}") String endpoint,
                          AwsSettings aws) {
        this.secretArn = secretArn;
        this.region = region;
        this.endpoint = endpoint;
        this.aws = aws;
    }

    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    /** Fetches the secret on first use; a missing secret or field stops the start with a message naming it. */
    public Credentials credentials() {
        Credentials c = credentials;
        if (c == null) {
            synchronized (this) {
                if (credentials == null) {
                    credentials = fetch();
                }
                c = credentials;
            }
        }
        return c;
    }

    private Credentials fetch() {
        var builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                .credentialsProvider(aws.credentialsProvider());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        String json;
        try (SecretsManagerClient client = builder.build()) {
            json = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot read the database secret " + secretArn + ": " + e.getMessage(), e);
        }
        return parse(secretArn, json);
    }

    static Credentials parse(String secretArn, @Nullable String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalStateException("The database secret " + secretArn + " has no SecretString");
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("The database secret " + secretArn + " is not JSON");
        }
        String username = node.path("username").asText("");
        String password = node.path("password").asText("");
        if (username.isEmpty() || password.isEmpty()) {
            throw new IllegalStateException("The database secret " + secretArn
                    + " must hold \"username\" and \"password\"");
        }
        return new Credentials(username, password);
    }
}
