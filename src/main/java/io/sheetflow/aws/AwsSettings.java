package io.sheetflow.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code sheetflow.aws.*}: how the SQS and API Gateway management clients reach AWS. All optional: on Lambda
 * the SDK's default chains take the region ({@code AWS_REGION}) and the function role's credentials.
 *
 * @param region       AWS region of the clients
 * @param accessKeyId  static credentials (tests, S3-compatible local stand-ins)
 * @param secretKey    secret of {@code accessKeyId}
 * @param sqsEndpoint  SQS endpoint override (e.g. a local ElasticMQ); AWS's endpoint when unset
 */
@ConfigurationProperties("sheetflow.aws")
public record AwsSettings(
        @Nullable String region,
        @Nullable String accessKeyId,
        @Nullable String secretKey,
        @Nullable String sqsEndpoint) {
}
