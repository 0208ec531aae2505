package io.sheetflow.preview;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sheetflow.preview.*}: what one workflow preview may read. {@code maxRowChars} bounds one input row (all
 * its cells' text), {@code maxSampleChars} the whole sample, {@code textExcerptBytes} the excerpt shown of a
 * step whose output is text (SQL, JSON).
 */
@ConfigurationProperties("sheetflow.preview")
public record PreviewSettings(
        @Bindable(defaultValue = "1048576") int maxRowChars,
        @Bindable(defaultValue = "33554432") long maxSampleChars,
        @Bindable(defaultValue = "16384") int textExcerptBytes) {
}
