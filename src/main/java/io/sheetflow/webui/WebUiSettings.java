package io.sheetflow.webui;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sheetflow.ui.*}: what the web UI is told in {@code /ui-config.json}. Without a {@code websocket-url} the
 * page uses this server's {@code /chat/{id}} endpoint; with one it speaks API Gateway's WebSocket protocol there.
 */
@ConfigurationProperties("sheetflow.ui")
public record WebUiSettings(
        @Nullable String websocketUrl,
        @Bindable(defaultValue = "token") String authMode,
        @Nullable String authName,
        @Nullable String authAuthorizeUrl,
        @Nullable String authTokenUrl,
        @Nullable String authClientId,
        @Nullable String authScope) {
}
