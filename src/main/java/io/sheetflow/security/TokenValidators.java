package io.sheetflow.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** Bearer tokens that are not JWTs: the server token and API keys. */
public final class TokenValidators {
    private TokenValidators() {
    }

    /** The server token authenticates the admin user. */
    @Singleton
    public static class ServerTokenValidator implements TokenValidator<HttpRequest<?>> {
        private final ServerToken serverToken;
        private final AuthSettings settings;

        public ServerTokenValidator(ServerToken serverToken, AuthSettings settings) {
            this.serverToken = serverToken;
            this.settings = settings;
        }

        @Override
        public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
            return serverToken.matches(token)
                    ? Publishers.just(Authentication.build(settings.adminUser(), List.of(Roles.ADMIN)))
                    : Publishers.empty();
        }
    }

    /** API keys, looked up off the event loop. */
    @Singleton
    public static class ApiKeyTokenValidator implements TokenValidator<HttpRequest<?>> {
        private final ApiKeyService keys;
        private final ExecutorService blocking;

        public ApiKeyTokenValidator(ApiKeyService keys, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
            this.keys = keys;
            this.blocking = blocking;
        }

        @Override
        public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
            if (token == null || !token.startsWith(ApiKeyService.PREFIX)) {
                return Publishers.empty();
            }
            return Publishers.fromCompletableFuture(() -> CompletableFuture
                    .supplyAsync(() -> keys.authenticate(token).orElse(null), blocking));
        }
    }
}
