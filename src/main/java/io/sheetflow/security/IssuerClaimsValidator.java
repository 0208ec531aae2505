package io.sheetflow.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * With {@code sheetflow.auth.jwt-issuer} set (infra's {@code SHEETFLOW_AUTH_JWT_ISSUER}), a JWT must name exactly that
 * issuer in {@code iss}, on top of the signature check against the issuer's JWKS.
 */
@Singleton
@Requires(property = "sheetflow.auth.jwt-issuer")
public class IssuerClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {
    private final String issuer;

    public IssuerClaimsValidator(@Value("${sheetflow.auth.jwt-issuer}") String issuer) {
        this.issuer = issuer;
    }

    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        Object iss = claims.get(Claims.ISSUER);
        return iss != null && issuer.equals(iss.toString());
    }
}
