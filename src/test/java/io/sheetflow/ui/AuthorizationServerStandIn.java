package io.sheetflow.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.sheetflow.support.JwksIssuer;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A stand-in for an OAuth2 / OpenID Connect authorization server as the Cognito hosted UI speaks it, on loopback:
 * {@code GET /oauth2/authorize} (authorization code with PKCE S256 only; the user is signed in at once as
 * {@link #SUBJECT}) redirects back with {@code ?code=&state=}; {@code POST /oauth2/token} exchanges the code once,
 * only for the client and redirect URI it was issued to and only with the {@code code_verifier} whose SHA-256 is
 * the {@code code_challenge}, and answers an ID and an access token signed by the issuer's key (its JWKS at
 * {@code /.well-known/jwks.json}). Answers the registered redirect URI's origin (CORS), as Cognito does.
 */
final class AuthorizationServerStandIn implements AutoCloseable {
    static final String CLIENT_ID = "sheetflow-web-ui";
    static final String SUBJECT = "oidc-user-7";
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(String challenge, String redirectUri, String clientId, String scope) {
    }

    private final JwksIssuer issuer = new JwksIssuer();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Set<String> redirectUris = ConcurrentHashMap.newKeySet();
    /** Each authorization request's query, in order. */
    final List<Map<String, String>> authorizations = new CopyOnWriteArrayList<>();
    /** Each token request's outcome: {@code issued}, or the OAuth2 error and why. */
    final List<String> exchanges = new CopyOnWriteArrayList<>();

    AuthorizationServerStandIn() {
        issuer.handle("/oauth2/authorize", this::authorize);
        issuer.handle("/oauth2/token", this::token);
    }

    /** The issuer (the tokens' iss); its JWKS is {@link #jwksUrl()}. */
    String issuer() {
        return issuer.issuer();
    }

    String jwksUrl() {
        return issuer.jwksUrl();
    }

    String authorizeUrl() {
        return issuer() + "/oauth2/authorize";
    }

    String tokenUrl() {
        return issuer() + "/oauth2/token";
    }

    /** A token of this issuer for {@code subject}, as a test client's (not through the flow). */
    String issuerToken(String subject) {
        return issuer.token(subject);
    }

    /** Registers the app client's callback URL (Cognito: the app client's allowed callback URLs). */
    void allowRedirect(String redirectUri) {
        redirectUris.add(redirectUri);
    }

    /** The SHA-256 of the verifier, base64url without padding (RFC 7636 S256). */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        authorizations.add(q);
        String redirectUri = q.get("redirect_uri");
        // A wrong client or callback is never redirected to (RFC 6749 4.1.2.1): the page shows the error itself.
        if (!CLIENT_ID.equals(q.get("client_id")) || redirectUri == null || !redirectUris.contains(redirectUri)) {
            send(exchange, 400, "text/plain", "unknown client_id or redirect_uri");
            return;
        }
        String error = !"code".equals(q.get("response_type")) ? "unsupported_response_type"
                : !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null
                || !CHALLENGE.matcher(q.get("code_challenge")).matches() ? "invalid_request" : null;
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        if (error != null) {
            location.append("error=").append(error);
        } else {
            String code = randomToken();
            grants.put(code, new Grant(q.get("code_challenge"), redirectUri, CLIENT_ID, q.getOrDefault("scope", "openid")));
            location.append("code=").append(code);
        }
        if (q.get("state") != null) {
            location.append("&state=").append(URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().add("Location", location.toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && redirectUris.stream().anyMatch(uri -> originOf(uri).equals(origin))) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", origin);
        }
        if ("OPTIONS".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "POST");
            exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "Content-Type");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain", "POST only");
            return;
        }
        Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
        String code = f.get("code");
        Grant grant = code == null ? null : grants.remove(code);
        String verifier = f.get("code_verifier");
        String refused = !"authorization_code".equals(f.get("grant_type")) ? "unsupported_grant_type"
                : grant == null ? "invalid_grant: unknown or used code"
                : !grant.clientId().equals(f.get("client_id")) ? "invalid_client"
                : !grant.redirectUri().equals(f.get("redirect_uri")) ? "invalid_grant: redirect_uri differs"
                : verifier == null || !VERIFIER.matcher(verifier).matches() ? "invalid_request: code_verifier"
                : !MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                grant.challenge().getBytes(StandardCharsets.US_ASCII)) ? "invalid_grant: code_verifier does not match" : null;
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        if (refused != null) {
            exchanges.add(refused);
            send(exchange, 400, "application/json", mapper.writeValueAsString(Map.of("error", refused.split(":")[0])));
            return;
        }
        exchanges.add("issued");
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("id_token", issuer.token(SUBJECT, Map.of("aud", CLIENT_ID, "token_use", "id",
                "email", SUBJECT + "@example.com", "cognito:username", SUBJECT)));
        tokens.put("access_token", issuer.token(SUBJECT, Map.of("client_id", CLIENT_ID, "token_use", "access",
                "scope", grant.scope())));
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", 3600);
        send(exchange, 200, "application/json", mapper.writeValueAsString(tokens));
    }

    private static String originOf(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        issuer.close();
    }
}
