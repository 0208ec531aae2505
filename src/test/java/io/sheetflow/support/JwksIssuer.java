package io.sheetflow.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * A JWT issuer as the stack configures one (Cognito or any OIDC provider): its JWKS at
 * {@code {issuer}/.well-known/jwks.json} on loopback, and RS256 tokens naming it in {@code iss}.
 */
public final class JwksIssuer implements AutoCloseable {
    private final RSAKey signingKey;
    private final HttpServer server;

    public JwksIssuer() {
        try {
            signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
    }

    /** What SHEETFLOW_AUTH_JWT_ISSUER is set to. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the stack sets as the JWKS URL. */
    public String jwksUrl() {
        return issuer() + "/.well-known/jwks.json";
    }

    /** A token for {@code subject}, valid for an hour. */
    public String token(String subject) {
        return token(subject, Map.of());
    }

    /** A token for {@code subject} with more claims (e.g. Cognito's aud and token_use), valid for an hour. */
    public String token(String subject, Map<String, Object> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject).issuer(issuer())
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        claims.forEach(builder::claim);
        return sign(builder.build());
    }

    /** Serves {@code handler} at {@code path} of the issuer's host too (e.g. an authorization server's endpoints). */
    public void handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
