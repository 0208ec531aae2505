package io.sheetflow.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sheetflow.auth.*}.
 *
 * @param mode      {@code token} (default: bearer JWTs, API keys, the server token) or {@code none} (loopback only)
 * @param token     a fixed server token for the admin user; when neither it nor a JWT signature is configured,
 *                  a random one is generated at first start and printed in the banner
 * @param jwtSecret HS256 secret (at least 32 characters) for self-issued JWTs
 * @param adminUser the user the server token authenticates as
 */
@ConfigurationProperties("sheetflow.auth")
public record AuthSettings(
        @Bindable(defaultValue = "token") String mode,
        @Nullable String token,
        @Nullable String jwtSecret,
        @Bindable(defaultValue = "local") String adminUser) {

    public boolean disabled() {
        return "none".equalsIgnoreCase(mode);
    }
}
