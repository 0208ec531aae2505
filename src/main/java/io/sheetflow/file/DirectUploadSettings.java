package io.sheetflow.file;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code sheetflow.upload.direct.*}: how long an upload URL stays valid, how often expired ones are swept. */
@ConfigurationProperties("sheetflow.upload.direct")
public record DirectUploadSettings(
        @Bindable(defaultValue = "15m") Duration ttl,
        @Bindable(defaultValue = "5m") Duration sweepInterval) {
}
