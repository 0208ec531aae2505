package io.sheetflow.security;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * WebSocket handshakes are not covered by CORS: a browser page of any origin may open one. Handshakes that
 * carry an {@code Origin} must come from this server itself or a configured origin; clients that send no
 * Origin (not browsers) are not affected.
 */
@Singleton
public class OriginCheck {
    private final CorsSettings settings;

    public OriginCheck(CorsSettings settings) {
        this.settings = settings;
    }

    public boolean allowed(HttpRequest<?> request) {
        Optional<String> origin = request.getHeaders().get(HttpHeaders.ORIGIN, String.class);
        if (origin.isEmpty()) {
            return true;
        }
        String value = origin.get().strip();
        String host = request.getHeaders().get(HttpHeaders.HOST, String.class).orElse("");
        if (value.equals("http://" + host) || value.equals("https://" + host)) {
            return true;
        }
        return settings.origins().contains(value);
    }
}
