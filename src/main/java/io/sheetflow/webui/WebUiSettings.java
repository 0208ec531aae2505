package io.sheetflow.webui;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sheetflow.ui.*}: what the web UI is told in {@code /ui-config.json}. Without a {@code websocket-url} the
 * page uses this server's {@code /chat/{id}} endpoint; with one it speaks API Gateway's WebSocket protocol there.
 * {@code upload-flow}: {@code multipart} (the page POSTs files to {@code .../upload}) or {@code presigned} (it starts a
 * direct upload, PUTs the bytes to the URL it is given and completes it: what the stack writes, as API Gateway and
 * Lambda limit request bodies to 10 and 6 MB).
 */
@ConfigurationProperties("sheetflow.ui")
public record WebUiSettings(
        @Nullable String websocketUrl,
        @Bindable(defaultValue = "multipart") String uploadFlow,
        @Bindable(defaultValue = "token") String authMode,
        @Nullable String authName,
        @Nullable String authAuthorizeUrl,
        @Nullable String authTokenUrl,
        @Nullable String authClientId,
        @Nullable String authScope) {
}
