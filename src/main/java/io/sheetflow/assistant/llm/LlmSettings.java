package io.sheetflow.assistant.llm;

import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and how the {@code llm} planner reaches its model ({@code sheetflow.assistant.llm.*}): the provider
 * ({@code openai}: an OpenAI-compatible server whose {@code /chat/completions} is called at the base URL;
 * {@code bedrock}: Amazon Bedrock's ConverseStream in {@code region}, the base URL then only overriding its
 * endpoint), the model (for Bedrock a model or inference profile id), an optional API key sent as
 * {@code Authorization: Bearer} (OpenAI only; Bedrock requests are signed with the AWS credentials), the time one
 * answer may take in all, and how many sample values per column the model is shown.
 */
public record LlmSettings(@Nullable URI baseUrl, String model, @Nullable String apiKey, Duration timeout, int maxSamples,
                          Provider provider, @Nullable String region) {

    public enum Provider {
        OPENAI, BEDROCK;

        static Provider of(String name) {
            String value = name == null || name.isBlank() ? "openai" : name.strip().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "openai" -> OPENAI;
                case "bedrock" -> BEDROCK;
                default -> throw new IllegalArgumentException("sheetflow.assistant.llm.provider must be openai or bedrock, got '"
                        + name + "'");
            };
        }
    }

    /** An OpenAI-compatible server. */
    public LlmSettings(URI baseUrl, String model, @Nullable String apiKey, Duration timeout, int maxSamples) {
        this(baseUrl, model, apiKey, timeout, maxSamples, Provider.OPENAI, null);
    }

    public LlmSettings {
        baseUrl = baseUrl == null || baseUrl.toString().isBlank() ? null : baseUrl;
        if (provider == Provider.OPENAI && baseUrl == null) {
            throw new IllegalArgumentException("sheetflow.assistant.llm.base-url is required when sheetflow.assistant.planner is llm");
        }
        if (provider == Provider.BEDROCK && (region == null || region.isBlank())) {
            throw new IllegalArgumentException("sheetflow.assistant.llm.region (or AWS_REGION) is required for the bedrock provider");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("sheetflow.assistant.llm.model is required when sheetflow.assistant.planner is llm");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sheetflow.assistant.llm.timeout must be positive");
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        maxSamples = Math.max(0, maxSamples);
    }

    /** {@code {base-url}/chat/completions}, whether or not the base URL ends with a slash. */
    public URI completionsUri() {
        return URI.create(base() + "/chat/completions");
    }

    /**
     * {@code {endpoint}/model/{model}/converse-stream}: the endpoint is the base URL when set, else
     * {@code https://bedrock-runtime.{region}.amazonaws.com}.
     */
    public URI converseStreamUri() {
        String endpoint = baseUrl == null ? "https://bedrock-runtime." + region + ".amazonaws.com" : base();
        return URI.create(endpoint + "/model/" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "/converse-stream");
    }

    /** Where the model is, as an error message names it. */
    public String where() {
        return baseUrl == null ? "Bedrock in " + region : baseUrl.toString();
    }

    private String base() {
        String base = baseUrl.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The timeout as a person reads it: "30 s", "1500 ms". */
    public String timeoutText() {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
