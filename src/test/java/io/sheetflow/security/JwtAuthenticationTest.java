package io.sheetflow.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deployment configured with an HS256 secret: JWTs authenticate, and no first-run token is generated. */
@MicronautTest
class JwtAuthenticationTest extends ServerTest {
    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";

    @Inject
    ServerToken serverToken;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.auth.jwt-secret", SECRET);
    }

    static String jwt(String secret, String subject, List<String> roles, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", roles)
                .issueTime(new Date()).expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    @Test
    void validJwt_authenticatesItsSubject_asOwnerOfWhatItCreates() throws Exception {
        ApiClient carol = api().withToken(jwt(SECRET, "carol", List.of(), Instant.now().plusSeconds(300)));
        String chat = carol.createChat();
        assertEquals(200, carol.get("/api/v1/chat/workflows/" + chat).status());
        ApiClient dave = api().withToken(jwt(SECRET, "dave", List.of(), Instant.now().plusSeconds(300)));
        assertEquals(404, dave.get("/api/v1/chat/workflows/" + chat).status());
        assertEquals(403, carol.get("/api/v1/admin/api-keys").status());
        try (TestSocket socket = TestSocket.connect(server.getURI(), "/chat/" + chat, carol.token())) {
            socket.awaitType("connected");
        }
    }

    @Test
    void adminRoleClaim_grantsAdmin() throws Exception {
        ApiClient admin = api().withToken(jwt(SECRET, "root", List.of(Roles.ADMIN), Instant.now().plusSeconds(300)));
        assertEquals(200, admin.get("/api/v1/admin/api-keys").status());
    }

    @Test
    void expiredOrForeignJwts_areRefused() throws Exception {
        assertEquals(401, api().withToken(jwt(SECRET, "carol", List.of(), Instant.now().minusSeconds(60)))
                .get("/api/v1/chat/workflows").status());
        assertEquals(401, api().withToken(jwt("another-secret-that-is-long-enough-for-hs256", "carol", List.of(),
                Instant.now().plusSeconds(300))).get("/api/v1/chat/workflows").status());
    }

    @Test
    void aConfiguredDeployment_neverGeneratesAFirstRunToken() {
        assertTrue(serverToken.generatedToken().isEmpty());
        assertFalse(Files.exists(dataDir.resolve("server-token")));
    }
}
