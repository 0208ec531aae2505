package io.sheetflow.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sheetflow.support.PinnedCheckout;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Pycelize's own front end (the Next.js app {@code pnguyen215/pycelize-studio}) at a pinned commit, built with
 * npm and served by {@code next start} on loopback, so a browser test can drive it against Sheetflow.
 *
 * <p>Its sources are not in this repository (they carry no licence): {@code pycelize.studio.source} (system
 * property) or {@code PYCELIZE_STUDIO_SOURCE} (environment) names a git URL or a local clone to take the pinned
 * commit from; GitHub by default. The build is kept in {@code pycelize.studio.cache} (default
 * {@code ~/.cache/sheetflow/pycelize-studio/<commit>}) and reused while the commit is unchanged. Nothing in its
 * sources is edited: the API and WebSocket addresses reach it as {@code window.env}, which its
 * {@code configs/env.ts} reads in the browser (see the walk test).
 */
final class PycelizeStudio implements AutoCloseable {
    static final String COMMIT = "dc4d5227d6f82fb2242e0de9a877f315d5c8d79c";
    static final String DEFAULT_SOURCE = "https://github.com/pnguyen215/pycelize-studio.git";
    private static final Path BUILD_LOG = Path.of("target", "pycelize-studio-build.log");

    private final Process process;
    private final URI base;

    private PycelizeStudio(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    URI base() {
        return base;
    }

    static final PinnedCheckout CHECKOUT = new PinnedCheckout("pycelize.studio", COMMIT, DEFAULT_SOURCE, BUILD_LOG);

    /** The built app in the cache, building it first (clone, checkout, {@code npm ci}, {@code next build}). */
    static Path build() {
        Path dir = CHECKOUT.dir();
        Path marker = dir.resolve(".sheetflow-built");
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(COMMIT)) {
                return dir;
            }
            Files.deleteIfExists(BUILD_LOG);
            CHECKOUT.checkout();
            CHECKOUT.run(dir, "npm", "ci", "--no-audit", "--no-fund");
            CHECKOUT.run(dir, "npx", "--no-install", "next", "build");
            Files.writeString(marker, COMMIT + "\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code next start} on {@code port} of loopback, answering once its home page does. */
    static PycelizeStudio start(Path dir, int port) {
        try {
            Process process = new ProcessBuilder("npx", "--no-install", "next", "start", "-H", "127.0.0.1",
                    "-p", String.valueOf(port))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            Files.createDirectories(BUILD_LOG.getParent()).resolve("pycelize-studio-server.log").toFile()))
                    .start();
            URI base = URI.create("http://127.0.0.1:" + port);
            PycelizeStudio studio = new PycelizeStudio(process, base);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build(); // next start drops h2c upgrade requests
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("next start exited with " + process.exitValue());
                        }
                        return client.send(HttpRequest.newBuilder(base.resolve("/")).GET().build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
            return studio;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
