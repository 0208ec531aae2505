package io.sheetflow.fault;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server as its own JVM on a data directory that outlives it, so a test can {@code kill -9} it
 * ({@link Process#destroyForcibly()} sends SIGKILL on Linux) and start it again on the same data.
 */
final class KillableServer implements AutoCloseable {
    private final Process process;
    private final URI base;

    private KillableServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    static KillableServer start(Path dataDir, String token, Map<String, String> environment) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dataDir);
        Path log = dataDir.getParent().resolve("server-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.sheetflow.Application"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SHEETFLOW_DATA_DIR", dataDir.toString());
        builder.environment().put("SHEETFLOW_PORT", String.valueOf(port));
        builder.environment().put("SHEETFLOW_AUTH_TOKEN", token);
        builder.environment().putAll(environment);
        Process process = builder.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server died at start: " + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return new KillableServer(process, base);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(25); // polling a process start; nothing to gate on from outside
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not answer health within 2 minutes: " + Files.readString(log));
    }

    URI base() {
        return base;
    }

    /** SIGKILL, then wait for the process to be gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the killed server is still alive");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
