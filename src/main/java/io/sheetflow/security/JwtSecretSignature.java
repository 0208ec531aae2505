package io.sheetflow.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Singleton;

/**
 * {@code sheetflow.auth.jwt-secret}: verify HS256 JWTs (subject = user, {@code roles} claim may hold ADMIN).
 * A class of our own rather than a factory of {@link SecretSignature}: a factory method returning that type
 * inherits its {@code @EachBean} requirement and is silently disabled.
 */
@Singleton
@Requires(property = "sheetflow.auth.jwt-secret")
public class JwtSecretSignature implements SignatureConfiguration {
    private final SecretSignature signature;

    public JwtSecretSignature(AuthSettings settings) {
        if (settings.jwtSecret().length() < 32) {
            throw new IllegalStateException("sheetflow.auth.jwt-secret must be at least 32 characters");
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("sheetflow");
        configuration.setSecret(settings.jwtSecret());
        this.signature = new SecretSignature(configuration);
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return signature.supportedAlgorithmsMessage();
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return signature.supports(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        return signature.verify(jwt);
    }
}
