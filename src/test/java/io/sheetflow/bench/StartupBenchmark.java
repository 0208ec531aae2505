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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JVM start to the first answered request, alternated in one run: Sheetflow with its embedded defaults (fresh
 * data dir: H2 created and migrated, filesystem store, first-run token; -Xmx256m) until its health answers 200,
 * beside a bare Micronaut application (only the HTTP server and its dependencies on the classpath, no bean of
 * ours) until it answers anything. Each is started on the test classpath as it is (no AppCDS: a classpath with a
 * class directory cannot be archived on JDK 17), and with an AppCDS archive: Sheetflow as the packaged jar with the
 * archive {@code package} wrote ({@code target/sheetflow.jsa}; skipped when absent), the bare application as a jar
 * with an archive trained in this run. Wall time and the process's CPU time until the answer are printed (the
 * machine is shared: CPU time varies less with the load). Run with
 * {@code ./mvnw -B -ntp package -DskipTests && ./mvnw -q -B -ntp -Pbenchmark test -Dtest=StartupBenchmark}.
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
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String bareClasspath = compileBareApplication(dir);
            List<String> bare = List.of(java, "-Xmx256m", "-cp", bareClasspath, "BareMicronaut");
            Path bareArchive = dir.resolve("bare.jsa");
            timeToAnswer(withFlag(bare, "-XX:ArchiveClassesAtExit=" + bareArchive, "-Xlog:cds=error"), Map.of(), "/",
                    false, dir.resolve("bare-training.log"));
            List<String> bareCds = withFlag(bare, "-XX:SharedArchiveFile=" + bareArchive);
            List<String> ours = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "io.sheetflow.Application");
            Path jar = Path.of("target", "sheetflow-0.1.0-SNAPSHOT.jar").toAbsolutePath();
            Path archive = Path.of("target", "sheetflow.jsa").toAbsolutePath();
            boolean packaged = Files.isRegularFile(jar) && Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
            List<String> oursCds = List.of(java, "-Xmx256m", "-XX:SharedArchiveFile=" + archive, "-jar", jar.toString());

            Map<String, List<Start>> starts = new LinkedHashMap<>();
            String loadBefore = Curl.load();
            for (int i = 0; i < ROUNDS; i++) {
                Map<String, String> data = Map.of("SHEETFLOW_DATA_DIR", dir.resolve("data-" + i).toString());
                Map<String, String> dataCds = Map.of("SHEETFLOW_DATA_DIR", dir.resolve("data-cds-" + i).toString());
                record("sheetflow, test classpath", starts, timeToAnswer(ours, data, "/api/v1/health", true,
                        dir.resolve("sheetflow-" + i + ".log")));
                record("bare Micronaut, classpath", starts, timeToAnswer(bare, Map.of(), "/", false,
                        dir.resolve("bare-" + i + ".log")));
                if (packaged) {
                    record("sheetflow jar + AppCDS", starts, timeToAnswer(oursCds, dataCds, "/api/v1/health", true,
                            dir.resolve("sheetflow-cds-" + i + ".log")));
                }
                record("bare Micronaut jar + AppCDS", starts, timeToAnswer(bareCds, Map.of(), "/", false,
                        dir.resolve("bare-cds-" + i + ".log")));
            }
            ServiceBenchmark.report("start-up to first answered request, %d rounds, load %s-%s%s", ROUNDS, loadBefore,
                    Curl.load(), packaged ? "" : " (no packaged jar with a current archive: run ./mvnw package first)");
            starts.forEach((name, list) -> ServiceBenchmark.report("  %-28s wall %s ms (median %.0f), cpu %s ms"
                            + " (median %.0f)", name, Curl.format(list.stream().map(Start::wallMillis).toList()),
                    Curl.median(list.stream().map(Start::wallMillis).toList()),
                    Curl.format(list.stream().map(Start::cpuMillis).toList()),
                    Curl.median(list.stream().map(Start::cpuMillis).toList())));
        } finally {
            Curl.deleteTree(dir);
        }
    }

    /** Wall and CPU milliseconds from process start to its first answer. */
    private record Start(double wallMillis, double cpuMillis) {
    }

    private static void record(String name, Map<String, List<Start>> starts, Start start) {
        starts.computeIfAbsent(name, k -> new ArrayList<>()).add(start);
    }

    private static List<String> withFlag(List<String> command, String... flags) {
        List<String> out = new ArrayList<>(command.subList(0, 1));
        out.addAll(List.of(flags));
        out.addAll(command.subList(1, command.size()));
        return out;
    }

    /** Compiles a one-line Micronaut main class (no annotation processing: it has no beans) into a jar. */
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
        // A jar, not the directory: AppCDS on JDK 17 refuses a classpath with a non-empty directory.
        Path jar = dir.resolve("bare.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("BareMicronaut.class"));
            out.write(Files.readAllBytes(classes.resolve("BareMicronaut.class")));
            out.closeEntry();
        }
        return jar + File.pathSeparator + jars;
    }

    /** From process start to the first HTTP answer on {@code path} (200 when {@code needOk}). */
    private static Start timeToAnswer(List<String> command, Map<String, String> env, String path, boolean needOk,
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
                        double wall = (System.nanoTime() - start) / 1e6;
                        return new Start(wall, process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L));
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
