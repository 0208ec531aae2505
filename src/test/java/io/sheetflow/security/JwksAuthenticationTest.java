package io.sheetflow.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deployment behind an identity provider (e.g. Cognito): RS256 JWTs verified against its JWKS URL. */
@MicronautTest
class JwksAuthenticationTest extends ServerTest {
    private static final RSAKey KEY = generate();
    private static final RSAKey OTHER_KEY = generate();
    private HttpServer jwks;

    @Inject
    ServerToken serverToken;

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        try {
            jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        return Map.of("micronaut.security.token.jwt.signatures.jwks.cognito.url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @AfterAll
    void stopJwks() {
        jwks.stop(0);
    }

    private static String jwt(RSAKey key, String subject) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", List.of())
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void jwtSignedByTheProvider_authenticates_othersAreRefused() throws Exception {
        ApiClient erin = api().withToken(jwt(KEY, "erin"));
        String chat = erin.createChat();
        assertEquals(200, erin.get("/api/v1/chat/workflows/" + chat).status());
        assertEquals(401, api().withToken(jwt(OTHER_KEY, "erin")).get("/api/v1/chat/workflows").status());
    }

    @Test
    void aJwksConfiguredDeployment_neverGeneratesAFirstRunToken() {
        assertTrue(serverToken.generatedToken().isEmpty());
    }
}
