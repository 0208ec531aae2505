package io.sheetflow.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Resolves the caller of a request. Until authentication is configured, every request acts as the single
 * local user ({@code sheetflow.local-user}); ownership is already enforced on that identity everywhere.
 */
@Singleton
public class CallerResolver {
    private final String localUser;

    public CallerResolver(@Value("${sheetflow.local-user:local}") String localUser) {
        this.localUser = localUser;
    }

    public Caller resolve(HttpRequest<?> request) {
        return new Caller(localUser, false);
    }
}
