package io.sheetflow.operation.bind;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sheetflow.bind.*}: key binding holds the bind file in memory (one entry per distinct key, roughly 150-300
 * bytes each), so bind files with more than {@code max-rows} rows are refused.
 */
@ConfigurationProperties("sheetflow.bind")
public record BindSettings(@Bindable(defaultValue = "500000") long maxRows) {

    public static final long DEFAULT_MAX_ROWS = 500_000;

    public static BindSettings defaults() {
        return new BindSettings(DEFAULT_MAX_ROWS);
    }
}
