package io.sheetflow.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/** {@code sheetflow.limits.*}: per-user and per-connection limits. */
@ConfigurationProperties("sheetflow.limits")
public record LimitSettings(
        @Bindable(defaultValue = "60") int uploadsPerMinute,
        @Bindable(defaultValue = "30") int runsPerMinute,
        @Bindable(defaultValue = "4") int activeRunsPerUser,
        @Bindable(defaultValue = "20") int websocketConnectionsPerUser,
        @Bindable(defaultValue = "65536") int websocketMaxMessageBytes,
        @Bindable(defaultValue = "20") int websocketMessagesPerSecond,
        @Bindable(defaultValue = "1048576") int maxJsonBytes,
        @Bindable(defaultValue = "64") int maxJsonDepth,
        /* local: each process counts on its own; database: counted in the database, shared by all instances */
        @Bindable(defaultValue = "local") String store) {

    /** Whether the per-user limits are counted in the database ({@code sheetflow.limits.store: database}). */
    public boolean sharedInDatabase() {
        return "database".equalsIgnoreCase(store == null ? "" : store.strip());
    }
}
