package io.sheetflow.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Authenticates a bearer token outside an HTTP request (the API Gateway WebSocket {@code $connect}), with the
 * same validators the HTTP security filter uses: JWTs (HS256 secret or JWKS), API keys, the server token.
 */
@Singleton
public class TokenAuthenticator {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Collection<TokenValidator<HttpRequest<?>>> validators;
    private final AuthSettings settings;

    public TokenAuthenticator(Collection<TokenValidator<HttpRequest<?>>> validators, AuthSettings settings) {
        this.validators = validators;
        this.settings = settings;
    }

    /**
     * @param request the request the token came with (validators may look at it; a synthetic one is fine)
     * @return the caller, or empty when no validator accepts the token
     */
    public Optional<Caller> authenticate(String token, HttpRequest<?> request) {
        if (settings.disabled()) {
            return Optional.of(new Caller(settings.adminUser(), true));
        }
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        for (TokenValidator<HttpRequest<?>> validator : validators) {
            Authentication authentication = first(validator.validateToken(token, request));
            if (authentication != null) {
                return Optional.of(CallerResolver.caller(authentication));
            }
        }
        return Optional.empty();
    }

    private static Authentication first(Publisher<Authentication> publisher) {
        CompletableFuture<Authentication> result = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(Authentication authentication) {
                result.complete(authentication);
            }

            @Override
            public void onError(Throwable error) {
                result.complete(null);
            }

            @Override
            public void onComplete() {
                result.complete(null);
            }
        });
        try {
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
