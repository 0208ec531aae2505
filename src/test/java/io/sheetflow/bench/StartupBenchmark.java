package io.sheetflow.bench;

import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.tools.ToolProvider;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JVM start to the first answered request, alternated in one run: Sheetflow with its embedded defaults (fresh
 * data dir: H2 created and migrated, filesystem store, first-run token; -Xmx256m) until its health answers 200,
 * beside a bare Micronaut application (only the HTTP server and its dependencies on the classpath, no bean of
 * ours) until it answers anything. Run with {@code ./mvnw -q -B -ntp -Pbenchmark test -Dtest=StartupBenchmark}.
 */
@Tag("benchmark")
class StartupBenchmark {
    private static final int ROUNDS = 3;
    /** The jars a Micronaut application with only the Netty HTTP server has. */
    private static final List<String> BARE_JARS = List.of("micronaut-core", "micronaut-inject", "micronaut-context",
            "micronaut-aop", "micronaut-runtime", "micronaut-http-4", "micronaut-http-netty", "micronaut-http-server",
            "micronaut-buffer-netty", "micronaut-router", "micronaut-json-core", "micronaut-jackson",
            "micronaut-core-reactive", "micronaut-context-propagation", "netty-", "jackson-", "reactor-core",
            "reactive-streams", "slf4j-api", "logback-", "snakeyaml", "jakarta.inject", "jakarta.annotation", "jspecify");

    @Test
    void startToFirstAnsweredRequest_besideBareMicronaut() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-startup-bench-");
        try {
            String bareClasspath = compileBareApplication(dir);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Double> ours = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            String loadBefore = Curl.load();
            for (int i = 0; i < ROUNDS; i++) {
                Path data = dir.resolve("data-" + i);
                ours.add((double) timeToAnswer(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        "io.sheetflow.Application"), Map.of("SHEETFLOW_DATA_DIR", data.toString()),
                        "/api/v1/health", true, dir.resolve("sheetflow-" + i + ".log")));
                bare.add((double) timeToAnswer(List.of(java, "-Xmx256m", "-cp", bareClasspath, "BareMicronaut"),
                        Map.of(), "/", false, dir.resolve("bare-" + i + ".log")));
            }
            ServiceBenchmark.report("start-up to first answered request (%d rounds, load %s-%s): sheetflow %s ms"
                            + " (median %.0f); bare Micronaut HTTP server %s ms (median %.0f)", ROUNDS, loadBefore,
                    Curl.load(), Curl.format(ours), Curl.median(ours), Curl.format(bare), Curl.median(bare));
        } finally {
            Curl.deleteTree(dir);
        }
    }

    /** Compiles a one-line Micronaut main class (no annotation processing: it has no beans). */
    private static String compileBareApplication(Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("bare-src")).resolve("BareMicronaut.java");
        Files.writeString(src, "public class BareMicronaut { public static void main(String[] args) {"
                + " io.micronaut.runtime.Micronaut.run(BareMicronaut.class, args); } }");
        Path classes = Files.createDirectories(dir.resolve("bare-classes"));
        String jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.endsWith(".jar"))
                .filter(p -> BARE_JARS.stream().anyMatch(Path.of(p).getFileName().toString()::startsWith))
                .collect(Collectors.joining(File.pathSeparator));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", jars, "-d", classes.toString(),
                src.toString());
        assertEquals(0, status, "javac of the bare application");
        return classes + File.pathSeparator + jars;
    }

    /** Milliseconds from process start to the first HTTP answer on {@code path} (200 when {@code needOk}). */
    private static long timeToAnswer(List<String> command, Map<String, String> env, String path, boolean needOk,
                                     Path log) throws Exception {
        int port = ServerProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SHEETFLOW_PORT", String.valueOf(port));
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("exited at start: " + Files.readString(log));
                }
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (!needOk || r.statusCode() == 200) {
                        return (System.nanoTime() - start) / 1_000_000;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(10); // polling another process's start: nothing in it to gate on
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
    }
}
