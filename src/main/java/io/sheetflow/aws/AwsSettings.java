package io.sheetflow.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * {@code sheetflow.aws.*}: how the SQS and API Gateway management clients reach AWS. All optional: on Lambda
 * the SDK's default chains take the region ({@code AWS_REGION}) and the function role's credentials.
 *
 * @param region       AWS region of the clients
 * @param accessKeyId  static credentials (tests, local stand-ins); used only together with {@code secretKey}
 * @param secretKey    secret of {@code accessKeyId}
 * @param sessionToken session token of temporary static credentials (optional)
 * @param sqsEndpoint  SQS endpoint override (e.g. a local ElasticMQ); AWS's endpoint when unset
 */
@ConfigurationProperties("sheetflow.aws")
public record AwsSettings(
        @Nullable String region,
        @Nullable String accessKeyId,
        @Nullable String secretKey,
        @Nullable String sqsEndpoint,
        @Nullable String sessionToken) {

    /** Static credentials when both {@code access-key-id} and {@code secret-key} are set, else the SDK's default chain. */
    public AwsCredentialsProvider credentialsProvider() {
        return AwsClientFactory.credentials(accessKeyId, secretKey, sessionToken);
    }
}
