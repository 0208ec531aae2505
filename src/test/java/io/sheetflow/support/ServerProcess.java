package io.sheetflow.support;

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
 * The server as a separate JVM limited to {@code -Xmx256m}, as a user would run it: for benchmarks, and for the
 * fault suite, which kills it with {@link #kill9()} and starts it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final URI base;
    private final long startupMillis;
    private final Path log;

    private ServerProcess(Process process, URI base, long startupMillis, Path log) {
        this.process = process;
        this.base = base;
        this.startupMillis = startupMillis;
        this.log = log;
    }

    /** What the process wrote to stdout and stderr. */
    public Path log() {
        return log;
    }

    /**
     * Starts the server with its data in {@code dir/data} (a log per start in {@code dir}) and waits, at most two
     * minutes, for its first answered health request.
     */
    public static ServerProcess start(Path dir, String token, Map<String, String> environment) throws Exception {
        return start(dir, token, environment, List.of());
    }

    /** As {@link #start(Path, String, Map)}, with more JVM options. Its logging is the built-in configuration (the server as users start it). */
    public static ServerProcess start(Path dir, String token, Map<String, String> environment, List<String> jvmOptions)
            throws Exception {
        int port = freePort();
        Path log = dir.resolve("server-" + System.nanoTime() + ".log");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.sheetflow.Application"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SHEETFLOW_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("SHEETFLOW_PORT", String.valueOf(port));
        builder.environment().put("SHEETFLOW_AUTH_TOKEN", token);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = start + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server died at start: " + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return new ServerProcess(process, base, (System.nanoTime() - start) / 1_000_000, log);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20); // polling another process's start: there is nothing in it to gate on
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not answer health within 2 minutes: " + Files.readString(log));
    }

    /** A loopback port nothing listens on at the moment (for a server the test starts next). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public URI base() {
        return base;
    }

    public long startupMillis() {
        return startupMillis;
    }

    /** The process's peak resident set (VmHWM) in MiB, or -1 where /proc is not there. */
    public long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return -1;
    }

    public long pid() {
        return process.pid();
    }

    /** The process's live threads (from /proc), or -1 where /proc is not there. */
    public long threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return -1;
    }

    /** Heap in use after a full GC, in MiB (jcmd GC.run, then GC.heap_info). */
    public long heapUsedAfterGcMiB() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.run").redirectErrorStream(true)
                .start().waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.heap_info")
                .redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes());
        info.waitFor(60, TimeUnit.SECONDS);
        var used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in: " + out);
        }
        return Long.parseLong(used.group(1)) / 1024;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits for the process to be gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the killed server is still alive");
        }
    }

    /** SIGTERM, then waits (at most {@code bound}) for the process to exit; returns how long it took. */
    public long terminate(Duration bound) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            kill9();
            throw new IllegalStateException("the server did not stop within " + bound + " of SIGTERM");
        }
        return (System.nanoTime() - start) / 1_000_000;
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
