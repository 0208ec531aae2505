package io.sheetflow.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.server.annotation.PreMatching;
import io.micronaut.http.server.cors.CorsFilter;
import io.sheetflow.api.Envelopes;

import java.util.Map;
import java.util.Optional;

/**
 * Decides cross-origin requests before Micronaut's CORS filter, with the same rule as WebSocket handshakes
 * ({@link OriginCheck}): a request whose {@code Origin} is neither this server nor a configured origin is refused
 * with the envelope (403) and no CORS grant, preflight or not. A preflight from a configured origin is granted
 * whether or not the route exists, so the browser then sees the real answer (a 404 included); real answers to a
 * configured origin carry {@code Access-Control-Allow-Origin}.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public class CorsGuard implements Ordered {
    static final long MAX_AGE_SECONDS = 1800;

    private final OriginCheck originCheck;
    private final CorsSettings settings;
    private final Envelopes envelopes;

    public CorsGuard(OriginCheck originCheck, CorsSettings settings, Envelopes envelopes) {
        this.originCheck = originCheck;
        this.settings = settings;
        this.envelopes = envelopes;
    }

    @Override
    public int getOrder() {
        return CorsFilter.CORS_FILTER_ORDER - 1;
    }

    /** Before route matching, like Micronaut's preflight handling, so preflights for any path are decided here. */
    @PreMatching
    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        Optional<String> origin = origin(request);
        if (origin.isEmpty()) {
            return null;
        }
        if (!originCheck.allowed(request)) {
            return envelopes.error(request, HttpStatus.FORBIDDEN, "Forbidden", "Origin not allowed: " + origin.get()
                    + " (cross-origin access needs it in sheetflow.cors.allowed-origins)", Map.of("origin", origin.get()));
        }
        Optional<String> requestedMethod = request.getHeaders().get(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, String.class);
        if (request.getMethod() == HttpMethod.OPTIONS && requestedMethod.isPresent() && configured(origin.get())) {
            MutableHttpResponse<?> granted = HttpResponse.ok();
            grant(origin.get(), granted);
            granted.header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, requestedMethod.get().strip());
            request.getHeaders().get(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, String.class)
                    .ifPresent(headers -> granted.header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, headers));
            granted.header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, String.valueOf(MAX_AGE_SECONDS));
            return granted;
        }
        return null;
    }

    @ResponseFilter
    public void decorate(HttpRequest<?> request, MutableHttpResponse<?> response) {
        origin(request).filter(this::configured)
                .filter(o -> !response.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN))
                .ifPresent(o -> grant(o, response));
    }

    private boolean configured(String origin) {
        return settings.origins().contains(origin);
    }

    private static Optional<String> origin(HttpRequest<?> request) {
        return request.getHeaders().get(HttpHeaders.ORIGIN, String.class).map(String::strip).filter(o -> !o.isEmpty());
    }

    private static void grant(String origin, MutableHttpResponse<?> response) {
        response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
}
