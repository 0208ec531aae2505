package io.sheetflow.security;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Browsers cannot set headers on a WebSocket: the handshake may carry the token as {@code ?token=}. Only
 * WebSocket upgrades are read this way, so REST tokens never end up in URLs (and server logs).
 */
@Singleton
public class QueryTokenReader implements TokenReader<HttpRequest<?>> {

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        boolean upgrade = request.getHeaders().get(HttpHeaders.UPGRADE, String.class)
                .map(v -> v.equalsIgnoreCase("websocket")).orElse(false);
        return upgrade ? request.getParameters().getFirst("token").filter(t -> !t.isBlank()) : Optional.empty();
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
