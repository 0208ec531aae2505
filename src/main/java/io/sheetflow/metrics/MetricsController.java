package io.sheetflow.metrics;

import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.sheetflow.security.Roles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}: every meter in Prometheus's text exposition format. Readable with the metrics token
 * ({@code sheetflow.metrics.token}) or an admin's token; other callers get 401 (no or an unknown token) or 403.
 */
@Controller("/metrics")
@Requires(beans = PrometheusMeterRegistry.class)
@Requires(property = "sheetflow.metrics.enabled", notEquals = "false")
@Secured(SecurityRule.IS_ANONYMOUS) // decided here: the metrics token is not an identity the security filter knows
@Tag(name = "admin")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class MetricsController {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry prometheus;
    private final byte[] metricsToken;

    public MetricsController(PrometheusMeterRegistry prometheus, MetricsSettings settings) {
        this.prometheus = prometheus;
        this.metricsToken = settings.token() == null || settings.token().isBlank() ? null
                : settings.token().getBytes(StandardCharsets.UTF_8);
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
            description = "The Prometheus text exposition format, version 0.0.4",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/plain",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
    @Operation(operationId = "scrapeMetrics", description = "Prometheus text exposition; the metrics token or an admin token.")
    @Get
    public HttpResponse<?> scrape(HttpRequest<?> request) {
        if (!metricsTokenPresented(request)) {
            var caller = request.getUserPrincipal(Authentication.class);
            if (caller.isEmpty()) {
                return HttpResponse.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                        .body("Unauthorized: send the metrics token or an admin token as a bearer token\n");
            }
            if (!caller.get().getRoles().contains(Roles.ADMIN)) {
                return HttpResponse.status(HttpStatus.FORBIDDEN).body("Forbidden: /metrics needs the metrics token or an admin\n");
            }
        }
        return HttpResponse.ok(prometheus.scrape()).header(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
    }

    private boolean metricsTokenPresented(HttpRequest<?> request) {
        if (metricsToken == null) {
            return false;
        }
        String authorization = request.getHeaders().getAuthorization().orElse("");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(metricsToken, authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
