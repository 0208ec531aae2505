package io.sheetflow.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.sheetflow.api.ApiException;
import jakarta.inject.Singleton;

/** The authenticated caller of a request (the security filter has already refused anonymous ones). */
@Singleton
public class CallerResolver {

    public Caller resolve(HttpRequest<?> request) {
        Authentication authentication = request.getUserPrincipal(Authentication.class)
                .orElseThrow(() -> new ApiException(io.micronaut.http.HttpStatus.UNAUTHORIZED, "Unauthorized",
                        "Authentication required", null));
        return caller(authentication);
    }

    /** The caller an authentication stands for: its name, and admin when it has the ADMIN role. */
    public static Caller caller(Authentication authentication) {
        return new Caller(authentication.getName(), authentication.getRoles().contains(Roles.ADMIN));
    }
}
