package io.sheetflow.security;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: {@code sfk_} + 32 random bytes, bound to a user. Only a SHA-256 of each key is stored (the keys
 * are random, so a fast hash is enough); lookups are cached briefly so a revocation takes effect within
 * {@link #CACHE_TTL} everywhere and at once in this process.
 */
@Singleton
public class ApiKeyService {
    public static final String PREFIX = "sfk_";
    static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private final ApiKeyRepository keys;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyService(ApiKeyRepository keys) {
        this.keys = keys;
    }

    public record Created(ApiKey key, String secret) {
    }

    public Created create(String userId, String name, boolean admin) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey key = keys.save(new ApiKey(UUID.randomUUID(), userId, name, hash(secret), secret.substring(0, 10),
                admin, Instant.now(), null));
        return new Created(key, secret);
    }

    public List<ApiKey> list() {
        return keys.findAllOrderByCreatedAt();
    }

    public boolean revoke(UUID id) {
        boolean revoked = keys.revoke(id, Instant.now()) == 1;
        cache.clear();
        return revoked;
    }

    /** The authentication for a presented key, if it is a live key. Blocking (database on a cache miss). */
    public Optional<Authentication> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = hash(presented);
        Cached cached = cache.get(hash);
        if (cached == null || cached.expires().isBefore(Instant.now())) {
            Authentication authentication = keys.findByKeyHash(hash).filter(k -> k.revokedAt() == null)
                    .map(k -> Authentication.build(k.userId(), k.admin() ? List.of(Roles.ADMIN) : List.of(),
                            Map.of("api_key_id", k.id().toString())))
                    .orElse(null);
            cached = new Cached(authentication, Instant.now().plus(CACHE_TTL));
            cache.put(hash, cached);
        }
        return Optional.ofNullable(cached.authentication());
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Cached(Authentication authentication, Instant expires) {
    }
}
