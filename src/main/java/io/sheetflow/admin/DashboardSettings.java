package io.sheetflow.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code sheetflow.admin.dashboard.*} (docs/admin-dashboard.md).
 *
 * @param pushInterval the least time between two snapshots pushed on {@code /admin/stream}: changes in between
 *                     are coalesced into the next one
 * @param window       how far back failures and the slowest operations look
 * @param minutes      how many one-minute buckets the runs-per-minute series has (the newest is the current minute)
 */
@ConfigurationProperties("sheetflow.admin.dashboard")
public record DashboardSettings(
        @Bindable(defaultValue = "500ms") Duration pushInterval,
        @Bindable(defaultValue = "1h") Duration window,
        @Bindable(defaultValue = "15") int minutes) {
}
