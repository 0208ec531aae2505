package io.sheetflow.assistant.llm;

import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how the {@code llm} planner reaches its model ({@code sheetflow.assistant.llm.*}): an
 * OpenAI-compatible server's base URL (its {@code /chat/completions} is called), the model, an optional API key
 * sent as {@code Authorization: Bearer}, the time one answer may take in all, and how many sample values per
 * column the model is shown.
 */
public record LlmSettings(URI baseUrl, String model, @Nullable String apiKey, Duration timeout, int maxSamples) {

    public LlmSettings {
        if (baseUrl == null || baseUrl.toString().isBlank()) {
            throw new IllegalArgumentException("sheetflow.assistant.llm.base-url is required when sheetflow.assistant.planner is llm");
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
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
    }

    /** The timeout as a person reads it: "30 s", "1500 ms". */
    public String timeoutText() {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
