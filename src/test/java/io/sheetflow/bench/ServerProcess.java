package io.sheetflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server as a separate JVM limited to {@code -Xmx256m}, as a user would run it, for benchmarks. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI base;
    private final long startupMillis;

    private ServerProcess(Process process, Path log, URI base, long startupMillis) {
        this.process = process;
        this.log = log;
        this.base = base;
        this.startupMillis = startupMillis;
    }

    /** Starts the server with its data under {@code dir} and waits for its first answered health request. */
    static ServerProcess start(Path dir, String token, Map<String, String> environment) throws Exception {
        int port = ServiceBenchmark.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "io.sheetflow.Application"));
        Path log = dir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SHEETFLOW_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("SHEETFLOW_PORT", String.valueOf(port));
        builder.environment().put("SHEETFLOW_AUTH_TOKEN", token);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return new ServerProcess(process, log, base, (System.nanoTime() - start) / 1_000_000);
                }
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("server died: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }
    }

    URI base() {
        return base;
    }

    long startupMillis() {
        return startupMillis;
    }

    long peakRssMiB() {
        return ServiceBenchmark.peakRssMiB(process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
