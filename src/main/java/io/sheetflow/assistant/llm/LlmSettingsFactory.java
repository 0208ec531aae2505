package io.sheetflow.assistant.llm;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;

/** Reads {@link LlmSettings}; only when the {@code llm} planner is selected, so the rules planner needs no model settings. */
@Factory
@Requires(property = "sheetflow.assistant.planner", value = "llm")
public class LlmSettingsFactory {

    @Singleton
    LlmSettings llmSettings(@Value("${sheetflow.assistant.llm.base-url:}") String baseUrl,
                            @Value("${sheetflow.assistant.llm.model:}") String model,
                            @Value("${sheetflow.assistant.llm.api-key:}") String apiKey,
                            @Value("${sheetflow.assistant.llm.timeout:30s}") Duration timeout,
                            @Value("${sheetflow.assistant.llm.max-samples:3}") int maxSamples) {
        return new LlmSettings(URI.create(baseUrl.strip()), model.strip(), apiKey, timeout, maxSamples);
    }
}
