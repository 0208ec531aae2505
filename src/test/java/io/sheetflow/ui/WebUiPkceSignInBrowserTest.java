package io.sheetflow.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web UI in "AWS mode" signs in through the authorization-code flow with PKCE against
 * {@link AuthorizationServerStandIn} (the real OAuth2 protocol, as the Cognito hosted UI speaks it): "Sign in with
 * ..." goes to /oauth2/authorize with an S256 challenge, comes back with a code, exchanges it with the verifier at
 * /oauth2/token, and the ID token it gets (signed by the key whose JWKS this server trusts, naming the issuer this
 * server requires) authenticates the page's API calls. The page's CSP is extended for the issuer as the stack
 * extends it for Cognito ({@link ExtendedCspPage}).
 */
@MicronautTest(transactional = false)
class WebUiPkceSignInBrowserTest extends BrowserTest {
    private final AuthorizationServerStandIn authServer = new AuthorizationServerStandIn();

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> properties = new HashMap<>();
        // As the stack configures the functions for Cognito (SheetflowStack: SHEETFLOW_AUTH_JWT_ISSUER and the JWKS).
        properties.put("sheetflow.auth.jwt-issuer", authServer.issuer());
        properties.put("micronaut.security.token.jwt.signatures.jwks.cognito.url", authServer.jwksUrl());
        // As the stack's ui-config.json says (WebUiHosting.auth).
        properties.put("sheetflow.ui.auth-mode", "oidc");
        properties.put("sheetflow.ui.auth-name", "Test issuer");
        properties.put("sheetflow.ui.auth-authorize-url", authServer.authorizeUrl());
        properties.put("sheetflow.ui.auth-token-url", authServer.tokenUrl());
        properties.put("sheetflow.ui.auth-client-id", AuthorizationServerStandIn.CLIENT_ID);
        properties.put("sheetflow.ui.websocket-url", "/test-api-gateway/prod");
        properties.put("sheetflow.test.api-gateway-stand-in", "true");
        properties.put("sheetflow.test.ui-connect-src", authServer.issuer());
        return properties;
    }

    @AfterAll
    void stopAuthServer() {
        authServer.close();
    }

    @Test
    void awsMode_signInWithPkce_exchangesTheCodeWithTheVerifier_andTheIdTokenAuthenticatesTheApiCalls() {
        String base = server.getURI().toString().replaceAll("/$", "");
        authServer.allowRedirect(base + "/");
        authServer.authorizations.clear();
        authServer.exchanges.clear();
        driver.get(base + "/");
        visible(By.id("oidc-signin")).click();

        visible(By.id("new-conversation"));
        assertEquals(1, authServer.authorizations.size(), authServer.authorizations.toString());
        Map<String, String> authorize = authServer.authorizations.get(0);
        assertEquals("S256", authorize.get("code_challenge_method"), authorize.toString());
        assertEquals("code", authorize.get("response_type"));
        assertEquals(List.of("issued"), authServer.exchanges, "the code was exchanged once, with the matching verifier");
        assertTrue(driver.getCurrentUrl().startsWith(base + "/#"), "the code left the address bar: " + driver.getCurrentUrl());

        // An authenticated call from the page: a conversation created with the ID token belongs to its subject.
        visible(By.id("new-conversation")).click();
        String chat = visible(By.cssSelector("#conversation-list li[data-chat-id]")).getAttribute("data-chat-id");
        ApiClient asUser = api().withToken(authServer.issuerToken(AuthorizationServerStandIn.SUBJECT));
        JsonNode mine = asUser.get("/api/v1/chat/workflows").data();
        assertTrue(mine.toString().contains(chat), "the page's conversation is the signed-in user's: " + mine);
        assertEquals(404, api().withToken(authServer.issuerToken("someone-else")).get("/api/v1/chat/workflows/" + chat).status(),
                "another subject's token does not reach it");
    }

    @Test
    void theStandIn_refusesACodeExchangedWithAVerifierThatDoesNotMatchItsChallenge() throws Exception {
        String redirect = "http://127.0.0.1:1/callback";
        authServer.allowRedirect(redirect);
        String verifier = "v".repeat(43);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> authorized = http.send(HttpRequest.newBuilder(URI.create(authServer.authorizeUrl()
                + "?response_type=code&client_id=" + AuthorizationServerStandIn.CLIENT_ID + "&redirect_uri=" + enc(redirect)
                + "&code_challenge_method=S256&code_challenge=" + AuthorizationServerStandIn.s256(verifier) + "&state=s"))
                .build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(302, authorized.statusCode());
        String location = authorized.headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");

        assertEquals(400, exchange(http, code, redirect, "w".repeat(43)), "another verifier");
        assertEquals(400, exchange(http, code, redirect, verifier), "a code is refused after a failed exchange too");
        assertTrue(authServer.exchanges.contains("invalid_grant: code_verifier does not match"), authServer.exchanges.toString());
    }

    private int exchange(HttpClient http, String code, String redirect, String verifier) throws IOException, InterruptedException {
        String form = "grant_type=authorization_code&client_id=" + AuthorizationServerStandIn.CLIENT_ID + "&code=" + enc(code)
                + "&redirect_uri=" + enc(redirect) + "&code_verifier=" + enc(verifier);
        return http.send(HttpRequest.newBuilder(URI.create(authServer.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
