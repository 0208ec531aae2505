package io.sheetflow.aws;

import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.SecretsManagerStub;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The environment Lambda itself sets: the execution role's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN. Micronaut maps them onto aws.access-key-id, aws.secret-access-key and aws.session-token; the
 * SDK's default chain reads them (here as the equivalent system properties aws.accessKeyId, ...).
 */
class LambdaCredentialsTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sheetflow-db-XyZ";
    private static final Map<String, String> SDK_SYSTEM_PROPERTIES = Map.of(
            "aws.accessKeyId", "ASIAROLEKEY",
            "aws.secretAccessKey", "role-secret",
            "aws.sessionToken", "role-session-token");

    @Test
    void lambdasOwnCredentialVariables_initSucceeds_withTheSdksDefaultChain() {
        Map<String, String> previous = new HashMap<>();
        SDK_SYSTEM_PROPERTIES.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        try (SecretsManagerStub stub = new SecretsManagerStub(Map.of(ARN,
                "{\"username\":\"sheetflow_app\",\"password\":\"pw\",\"engine\":\"postgres\"}"))) {
            Map<String, String> lambda = new HashMap<>();
            // What Micronaut makes of Lambda's variables: the id under the key the old code read, and no aws.secret-key.
            lambda.put("aws.access-key-id", "ASIAROLEKEY");
            lambda.put("aws.secret-access-key", "role-secret");
            lambda.put("aws.session-token", "role-session-token");
            lambda.put("aws.region", "eu-west-1");
            lambda.put(DatabaseSecret.ARN_PROPERTY, ARN);
            lambda.put("aws.services.secretsmanager.endpoint-override", stub.endpoint().toString());
            // Nothing explicit under sheetflow.aws.* (the stack sets no keys).
            lambda.put("sheetflow.aws.access-key-id", "");
            lambda.put("sheetflow.aws.secret-key", "");
            try (LambdaApp app = new LambdaApp(lambda)) {
                assertEquals(1, stub.requests().size(), stub.requests().toString());
                assertInstanceOf(DefaultCredentialsProvider.class,
                        app.bean(SqsClient.class).serviceClientConfiguration().credentialsProvider());
                assertInstanceOf(DefaultCredentialsProvider.class,
                        app.bean(ApiGatewayManagementApiClient.class).serviceClientConfiguration().credentialsProvider());
                assertInstanceOf(DefaultCredentialsProvider.class, app.bean(AwsSettings.class).credentialsProvider());
            }
        } finally {
            previous.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void bothKeysConfigured_staticCredentials_withTheSessionToken() {
        var provider = AwsClientFactory.credentials("AKID", "secret", "token");
        assertInstanceOf(StaticCredentialsProvider.class, provider);
        var credentials = assertInstanceOf(AwsSessionCredentials.class, provider.resolveCredentials());
        assertEquals("token", credentials.sessionToken());
        assertTrue(AwsClientFactory.credentials("AKID", "", null) instanceof DefaultCredentialsProvider);
        assertTrue(AwsClientFactory.credentials(null, "secret", null) instanceof DefaultCredentialsProvider);
    }
}
