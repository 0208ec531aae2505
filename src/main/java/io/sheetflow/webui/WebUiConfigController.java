package io.sheetflow.webui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /ui-config.json}, read by the web UI before it opens a WebSocket (no token needed: it names only public
 * endpoints). The same file is written next to the UI by the AWS stack, so the page reads it the same way there.
 */
@Controller
@Tag(name = "documentation")
public class WebUiConfigController {
    /**
     * The page's WebSocket protocol, how it uploads files ({@code multipart} or {@code presigned}) and sign-in; null
     * fields are left out of the OIDC block by the page.
     */
    public record UiConfig(String websocketProtocol, @Nullable String websocketUrl, String uploadFlow, Auth auth) {
    }

    public record Auth(String mode, @Nullable String name, @Nullable String authorizeUrl, @Nullable String tokenUrl,
                       @Nullable String clientId, @Nullable String scope) {
    }

    private final UiConfig config;

    public WebUiConfigController(WebUiSettings settings) {
        boolean apiGateway = settings.websocketUrl() != null && !settings.websocketUrl().isBlank();
        this.config = new UiConfig(apiGateway ? "api_gateway" : "local", apiGateway ? settings.websocketUrl() : null,
                "presigned".equals(settings.uploadFlow()) ? "presigned" : "multipart",
                new Auth("oidc".equals(settings.authMode()) ? "oidc" : "token", settings.authName(),
                        settings.authAuthorizeUrl(), settings.authTokenUrl(), settings.authClientId(), settings.authScope()));
    }

    @Get(uri = "/ui-config.json", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getWebUiConfig", summary = "The web UI's WebSocket protocol, upload flow and sign-in (no token needed)")
    @SecurityRequirements
    public HttpResponse<UiConfig> config() {
        return HttpResponse.ok(config);
    }
}
