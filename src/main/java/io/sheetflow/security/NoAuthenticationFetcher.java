package io.sheetflow.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;

/** {@code sheetflow.auth.mode: none}: every request is the admin user (allowed on loopback only). */
@Singleton
@Requires(property = "sheetflow.auth.mode", value = "none")
public class NoAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    private final AuthSettings settings;

    public NoAuthenticationFetcher(AuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return Publishers.just(Authentication.build(settings.adminUser(), List.of(Roles.ADMIN)));
    }
}
