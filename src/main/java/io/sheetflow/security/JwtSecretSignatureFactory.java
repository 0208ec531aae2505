package io.sheetflow.security;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** {@code sheetflow.auth.jwt-secret}: verify HS256 JWTs (subject = user, {@code roles} claim may hold ADMIN). */
@Factory
@Requires(property = "sheetflow.auth.jwt-secret")
public class JwtSecretSignatureFactory {

    @Singleton
    @Named("sheetflow")
    SecretSignature sheetflowSecretSignature(AuthSettings settings) {
        if (settings.jwtSecret().length() < 32) {
            throw new IllegalStateException("sheetflow.auth.jwt-secret must be at least 32 characters");
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("sheetflow");
        configuration.setSecret(settings.jwtSecret());
        return new SecretSignature(configuration);
    }
}
