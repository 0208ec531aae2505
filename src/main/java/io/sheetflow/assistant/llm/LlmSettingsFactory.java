package io.sheetflow.assistant.llm;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sheetflow.aws.SecretStrings;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;

/** Reads {@link LlmSettings}; only when the {@code llm} planner is selected, so the rules planner needs no model settings. */
@Factory
@Requires(property = "sheetflow.assistant.planner", value = "llm")
public class LlmSettingsFactory {
    static final String API_KEY_SECRET_ARN = "sheetflow.assistant.llm.api-key-secret-arn";

    /**
     * @param apiKeySecretArn a Secrets Manager secret whose {@code SecretString} is the API key, read once here
     *                        (infra/ passes it; the key never appears in the template or the environment)
     * @param awsRegion       the region the AWS clients use ({@code aws.region}; on Lambda {@code AWS_REGION})
     */
    @Singleton
    LlmSettings llmSettings(@Value("${sheetflow.assistant.llm.provider:openai}") String provider,
                            @Value("${sheetflow.assistant.llm.base-url:}") String baseUrl,
                            @Value("${sheetflow.assistant.llm.model:}") String model,
                            @Value("${sheetflow.assistant.llm.api-key:}") String apiKey,
                            @Value("${" + API_KEY_SECRET_ARN + ":}") String apiKeySecretArn,
                            @Value("${sheetflow.assistant.llm.timeout:30s}") Duration timeout,
                            @Value("${sheetflow.assistant.llm.max-samples:3}") int maxSamples,
                            @Value("${sheetflow.assistant.llm.region:}") String region,
                            @Value("${aws.region:}") String awsRegion,
                            BeanProvider<SecretStrings> secrets) {
        String chosenRegion = region.isBlank() ? awsRegion.strip() : region.strip();
        String key = apiKey;
        if (!apiKeySecretArn.isBlank()) {
            if (!apiKey.isBlank()) {
                throw new IllegalArgumentException("Set sheetflow.assistant.llm.api-key or " + API_KEY_SECRET_ARN + ", not both");
            }
            key = secrets.get().read(apiKeySecretArn.strip(), "assistant API key").strip();
        }
        return new LlmSettings(URI.create(baseUrl.strip()), model.strip(), key, timeout, maxSamples,
                LlmSettings.Provider.of(provider), chosenRegion.isBlank() ? null : chosenRegion);
    }
}
