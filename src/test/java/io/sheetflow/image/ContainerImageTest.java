package io.sheetflow.image;

import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

/**
 * The container image as built by {@code ./mvnw -Pimage -DskipTests package} (target/sheetflow-image.tar): its
 * config, and its own file system extracted and its entry point started. As root (CI) the entry point runs inside
 * that file system: {@code unshare} gives it a private mount namespace with /proc and /dev, {@code chroot
 * --userspec=1000:1000} the image's user, so only the image's runtime and libraries are used. Elsewhere the image's
 * runtime runs from the extracted folder with its class path moved there (the host's libraries then).
 */
@Tag("image")
class ContainerImageTest {
    private static final Path TAR = Path.of(System.getProperty("sheetflow.image.tar", "target/sheetflow-image.tar"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ContainerImage image;
    private static Path work;
    private static Path root;
    private static boolean inImage;

    @BeforeAll
    static void extract() throws IOException {
        assertTrue(Files.exists(TAR), "build the image first: ./mvnw -B -ntp -Pimage -DskipTests package");
        image = ContainerImage.read(TAR);
        work = Files.createTempDirectory(Path.of("target"), "image-root");
        root = work.resolve("rootfs").toAbsolutePath();
        Files.createDirectories(root);
        inImage = isRoot() && hostTool("unshare") != null && hostTool("chroot") != null && hostTool("mount") != null;
        image.extract(root, inImage);
    }

    @AfterAll
    static void removeExtractedImage() throws IOException {
        if (work == null) {
            return;
        }
        // The mounts lived in the server's own namespace; should one be visible here, delete nothing under it.
        try (Stream<Path> proc = Files.list(root.resolve("proc")); Stream<Path> dev = Files.list(root.resolve("dev"))) {
            if (proc.findAny().isPresent() || dev.findAny().isPresent()) {
                throw new IllegalStateException("/proc or /dev still mounted under " + root + ": left in place");
            }
        }
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void runsAsTheUnprivilegedUserOfItsOwnPasswdFile() throws IOException {
        String user = image.config.path("config").path("User").asText();
        assertEquals("1000:1000", user);
        assertTrue(Files.readAllLines(root.resolve("etc/passwd"))
                .contains("sheetflow:x:1000:1000:Sheetflow:/home/sheetflow:/sbin/nologin"));
        if (inImage) {
            assertEquals(1000, Files.getAttribute(root.resolve("var/lib/sheetflow"), "unix:uid"),
                    "the data directory belongs to the image's user");
        }
    }

    @Test
    void entryPointIsTheImagesOwnJavaRuntimeStartingTheApplication() {
        List<String> entrypoint = image.list("Entrypoint");
        assertEquals("/opt/java/bin/java", entrypoint.get(0));
        int cp = entrypoint.indexOf("-cp");
        assertEquals("@/app/jib-classpath-file", entrypoint.get(cp + 1), entrypoint.toString());
        assertEquals("io.sheetflow.Application", entrypoint.get(entrypoint.size() - 1));
        assertTrue(Files.isExecutable(root.resolve("opt/java/bin/java")));
        assertTrue(Files.exists(root.resolve("lib64/ld-linux-x86-64.so.2")));
        assertEquals(List.of(ContainerManifestsTest.IMAGE), image.repoTags);
    }

    @Test
    void exposesThePortItListensOnAndConfiguresItselfByDocumentedVariables() throws IOException {
        assertTrue(image.config.path("config").path("ExposedPorts").has("5050/tcp"), image.config.toString());
        Map<String, String> env = image.environment();
        assertEquals("0.0.0.0", env.get("SHEETFLOW_HOST"));
        assertEquals("5050", env.get("SHEETFLOW_PORT"));
        assertEquals("/var/lib/sheetflow", env.get("SHEETFLOW_DATA_DIR"));
        String documented = Files.readString(Path.of("docs/configuration.md"));
        env.keySet().stream().filter(k -> k.startsWith("SHEETFLOW_")).forEach(k ->
                assertTrue(documented.contains("`" + k + "`"), "docs/configuration.md documents " + k));
    }

    @Test
    void healthCheckProbesTheHealthEndpointWithTheImagesJava() {
        List<String> test = new ArrayList<>();
        image.config.path("config").path("Healthcheck").path("Test").forEach(t -> test.add(t.asText()));
        assertEquals(List.of("CMD", "/opt/java/bin/java"), test.subList(0, 2));
        assertEquals("io.sheetflow.health.HealthProbe", test.get(test.size() - 1));
        assertEquals(ContainerManifestsTest.imageHealthCheck(), test);
    }

    @Test
    void startedEntryPointAnswersHealthAndItsHealthCheckPasses() throws Exception {
        int port = ServerProcess.freePort();
        Map<String, String> env = new java.util.LinkedHashMap<>(image.environment());
        env.put("SHEETFLOW_HOST", "127.0.0.1");
        env.put("SHEETFLOW_PORT", Integer.toString(port));
        env.put("SHEETFLOW_AUTH_TOKEN", "image-test-token");
        Path log = work.resolve("server.log");
        Process server = start(image.list("Entrypoint"), env, log);
        try {
            URI health = URI.create("http://127.0.0.1:" + port + "/api/v1/health");
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertTrue(server.isAlive(), () -> "server exited: " + tail(log));
                return status(health) == 200;
            });
            String body = HTTP.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("\"status\":\"healthy\""), body);

            List<String> check = new ArrayList<>();
            image.config.path("config").path("Healthcheck").path("Test").forEach(t -> check.add(t.asText()));
            Process probe = start(check.subList(1, check.size()), env, work.resolve("probe.log"));
            assertEquals(0, probe.waitFor(), tail(work.resolve("probe.log")));
        } finally {
            server.destroy();
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        String output = Files.readString(log);
        for (String missing : List.of("ClassNotFoundException", "NoClassDefFoundError", "UnsatisfiedLinkError")) {
            assertFalse(output.contains(missing), () -> "the image lacks something: " + tail(log));
        }
    }

    /** Runs an image command (absolute paths inside the image) with exactly the given environment. */
    private static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (inImage) {
            full.addAll(List.of(hostTool("unshare"), "--mount", "--propagation", "private", "/bin/sh", "-c",
                    "m=$1 r=$2; shift 2; \"$m\" -t proc proc \"$r/proc\" && \"$m\" --rbind /dev \"$r/dev\" && cd \"$r\" "
                            + "&& exec \"$@\"",
                    "sh", hostTool("mount"), root.toString(), hostTool("chroot"), "--userspec=1000:1000", "."));
            full.addAll(command);
        } else {
            full.add(root + command.get(0));
            for (String arg : command.subList(1, command.size())) {
                full.add(arg.startsWith("@/app/") ? "@" + relocatedClasspathFile() : arg.replace("/app/", root + "/app/"));
            }
        }
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        if (!inImage) {
            builder.environment().put("SHEETFLOW_DATA_DIR", root + env.get("SHEETFLOW_DATA_DIR"));
        }
        return builder.start();
    }

    private static Path relocatedClasspathFile() throws IOException {
        Path file = work.resolve("classpath-file");
        Files.writeString(file, Files.readString(root.resolve("app/jib-classpath-file")).replace("/app/", root + "/app/"));
        return file;
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String tail(Path log) {
        String text;
        try {
            text = Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            text = e.toString();
        }
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static boolean isRoot() throws IOException {
        Path probe = Files.createTempFile(Path.of("target"), "uid", ".probe");
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
        } finally {
            Files.delete(probe);
        }
    }

    private static String hostTool(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return null;
    }
}
