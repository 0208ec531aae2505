package io.sheetflow.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sheetflow.metrics.*}.
 *
 * @param enabled whether meters are kept and {@code /metrics} exists (also sets {@code micronaut.metrics.enabled})
 * @param token   a bearer token that may read {@code /metrics} and nothing else (for a Prometheus scraper);
 *                admins may read it with their own token either way
 */
@ConfigurationProperties("sheetflow.metrics")
public record MetricsSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Nullable String token) {
}
