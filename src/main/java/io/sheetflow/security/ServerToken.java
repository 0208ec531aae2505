package io.sheetflow.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.ReactiveSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The admin's server token. Configured with {@code sheetflow.auth.token}; otherwise, on a server with no JWT
 * signature configured either (HS256 secret or JWKS: a first run), generated once, kept in {@code <data-dir>/server-token} (owner
 * read/write only) and printed in the banner, like Jupyter's token.
 */
@Singleton
public class ServerToken {
    private static final Logger LOG = LoggerFactory.getLogger(ServerToken.class);

    private final byte[] token;
    private final boolean generated;

    public ServerToken(AuthSettings settings, List<SignatureConfiguration> signatures,
                       List<ReactiveSignatureConfiguration<?>> remoteSignatures,
                       @Value("${sheetflow.data-dir}") Path dataDir, Environment environment) {
        if (settings.token() != null && !settings.token().isBlank()) {
            this.token = settings.token().getBytes(StandardCharsets.UTF_8);
            this.generated = false;
        } else if (signatures.isEmpty() && remoteSignatures.isEmpty() && !settings.disabled()
                // On Lambda there is no first run to print a token for (and no lasting disk): JWTs only.
                && !environment.getActiveNames().contains("lambda")) {
            this.token = loadOrCreate(dataDir.resolve("server-token")).getBytes(StandardCharsets.UTF_8);
            this.generated = true;
        } else {
            this.token = null;
            this.generated = false;
        }
    }

    /** The token to print, only when it was generated for a first run (never a configured secret). */
    public Optional<String> generatedToken() {
        return generated ? Optional.of(new String(token, StandardCharsets.UTF_8)) : Optional.empty();
    }

    public boolean matches(@Nullable String candidate) {
        return token != null && candidate != null
                && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private static String loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file).strip();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String created = "sft_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, created);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                LOG.debug("Cannot restrict permissions of {}", file);
            }
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the server token in the data directory", e);
        }
    }
}
