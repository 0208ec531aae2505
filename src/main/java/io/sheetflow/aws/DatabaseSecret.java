package io.sheetflow.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * The database credentials in the Secrets Manager secret named by {@code sheetflow.db.secret-arn}
 * ({@code SHEETFLOW_DB_SECRET_ARN}; RDS's JSON with {@code username} and {@code password}), read once.
 */
@Singleton
@Requires(property = DatabaseSecret.ARN_PROPERTY)
public class DatabaseSecret {
    public static final String ARN_PROPERTY = "sheetflow.db.secret-arn";

    private final String secretArn;
    private final SecretStrings secrets;
    private volatile Credentials credentials;

    public DatabaseSecret(@Value("${" + ARN_PROPERTY + "}") String secretArn, SecretStrings secrets) {
        this.secretArn = secretArn;
        this.secrets = secrets;
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
        return parse(secretArn, secrets.read(secretArn, "database"));
    }

    static Credentials parse(String secretArn, String json) {
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
