package io.sheetflow.realtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code sheetflow.websocket.*} */
@ConfigurationProperties("sheetflow.websocket")
public record WebSocketSettings(
        @Bindable(defaultValue = "30s") Duration keepAliveInterval,
        @Bindable(defaultValue = "1000") int maxConnections) {
}
