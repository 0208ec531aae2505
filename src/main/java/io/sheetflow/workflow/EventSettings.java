package io.sheetflow.workflow;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code sheetflow.events.*}: how often progress is emitted (at least every N percent or every interval). */
@ConfigurationProperties("sheetflow.events")
public record EventSettings(
        @Bindable(defaultValue = "1s") Duration progressMinInterval,
        @Bindable(defaultValue = "5") int progressMinPercent) {
}
