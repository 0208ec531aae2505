package io.sheetflow.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The example manifests under deploy/ (Kubernetes and ECS) name the image the build makes, its port and user, probe
 * paths that answer without credentials on the real server, and only environment variables the server reads.
 */
@MicronautTest
class ContainerManifestsTest extends ServerTest {
    static final String IMAGE = "sheetflow:" + projectVersion();
    /**
     * Keys another branch adds (the shared run queue, {@code sheetflow.runs.queue}); accepted here until
     * application.yml or docs/configuration.md names them.
     */
    private static final String POM = read(Path.of("pom.xml"));

    @Test
    void kubernetesDeploymentRunsTwoReplicasOfTheBuiltImageAsItsUser() {
        Map<String, Object> deployment = kubernetes("Deployment");
        assertEquals((Object) 2, at(deployment, "spec", "replicas"));
        Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
        assertEquals((Object) imageUid(), at(pod, "securityContext", "runAsUser"));
        Map<String, Object> container = onlyContainer(pod);
        assertEquals(IMAGE, container.get("image"));
        Map<String, Object> port = list(container, "ports").get(0);
        assertEquals((Object) imagePort(), port.get("containerPort"));
        assertEquals("http", port.get("name"));
    }

    @Test
    void kubernetesProbesAnswerWithoutCredentialsOnTheServer() throws Exception {
        Map<String, Object> container = onlyContainer(map(at(kubernetes("Deployment"), "spec", "template", "spec")));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> httpGet = map(at(container, probe, "httpGet"));
            assertEquals("http", httpGet.get("port"), probe);
            assertEquals(200, anonymousGet((String) httpGet.get("path")), probe + " " + httpGet.get("path"));
        }
    }

    @Test
    void kubernetesEnvironmentAndSecretNameOnlyConfigurationKeys() {
        Map<String, Object> container = onlyContainer(map(at(kubernetes("Deployment"), "spec", "template", "spec")));
        List<String> names = new ArrayList<>();
        list(container, "env").forEach(e -> names.add((String) e.get("name")));
        Map<String, Object> secret = kubernetes("Secret");
        names.addAll(map(secret.get("stringData")).keySet());
        assertEquals(at(secret, "metadata", "name"),
                at(list(container, "envFrom").get(0), "secretRef", "name"), "envFrom names the example Secret");
        assertTrue(names.containsAll(List.of("DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_PASSWORD",
                "SHEETFLOW_STORAGE_TYPE", "SHEETFLOW_STORAGE_S3_BUCKET")), names.toString());
        names.forEach(ContainerManifestsTest::assertConfigurationKey);
    }

    @Test
    void kubernetesServiceTargetsTheContainersPort() {
        Map<String, Object> service = kubernetes("Service");
        assertEquals("http", list(service.get("spec"), "ports").get(0).get("targetPort"));
        assertEquals(at(kubernetes("Deployment"), "spec", "selector", "matchLabels"), at(service, "spec", "selector"));
    }

    @Test
    void ecsTaskDefinitionRunsTheImageWithItsHealthCheckAndConfigurationKeys() throws Exception {
        JsonNode container = new ObjectMapper().readTree(Path.of("deploy/ecs/task-definition.json").toFile())
                .path("containerDefinitions").get(0);
        assertTrue(container.path("image").asText().endsWith("/" + IMAGE), container.path("image").asText());
        assertEquals(imagePort(), container.path("portMappings").get(0).path("containerPort").asInt());
        assertEquals(imageUid() + ":" + imageUid(), container.path("user").asText());
        List<String> command = new ArrayList<>();
        container.path("healthCheck").path("command").forEach(c -> command.add(c.asText()));
        String probeClass = command.get(command.size() - 1);
        assertEquals(io.sheetflow.health.HealthProbe.class.getName(), probeClass);
        assertEquals(imageHealthCheck(), command, "the ECS health check is the image's own HEALTHCHECK command");
        Set<String> names = new HashSet<>();
        container.path("environment").forEach(e -> names.add(e.path("name").asText()));
        container.path("secrets").forEach(e -> names.add(e.path("name").asText()));
        assertTrue(names.contains("DATASOURCES_DEFAULT_PASSWORD"), names.toString());
        names.forEach(ContainerManifestsTest::assertConfigurationKey);
    }

    /** An environment variable the server reads: a placeholder or key of application.yml, or a documented one. */
    private static void assertConfigurationKey(String name) {
        String yml = read(Path.of("src/main/resources/application.yml"));
        if (yml.contains("${" + name + ":") || yml.contains("${" + name + "}") || documentedVariables().contains(name)) {
            return;
        }
        Map<String, Object> tree = new Yaml().load(yml);
        if (!pathExists(tree, name.toLowerCase().split("_"), 0)) {
            fail(name + " is neither in application.yml nor in docs/configuration.md");
        }
    }

    /** Whether tokens[from..] name a key path of the tree, a key's words joined by '-' (Micronaut's env mapping). */
    private static boolean pathExists(Object node, String[] tokens, int from) {
        if (from == tokens.length) {
            return true;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return false;
        }
        StringBuilder key = new StringBuilder();
        for (int end = from; end < tokens.length; end++) {
            key.append(end > from ? "-" : "").append(tokens[end]);
            if (map.containsKey(key.toString()) && pathExists(map.get(key.toString()), tokens, end + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Variables in docs/configuration.md's table; {@code ..._X} continues the previous name's prefix. */
    private static Set<String> documentedVariables() {
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("`((?:\\.\\.\\.)?_?[A-Z][A-Z0-9_]*)`").matcher(read(Path.of("docs/configuration.md")));
        String last = "";
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("..._") && !last.isEmpty()) {
                names.add(last.substring(0, last.lastIndexOf('_') + 1) + name.substring(4));
            } else if (!name.startsWith("_") && !name.startsWith(".")) {
                names.add(name);
                last = name;
            }
        }
        return names;
    }

    private int anonymousGet(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURI() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, Object> kubernetes(String kind) {
        try (var files = Files.list(Path.of("deploy/kubernetes"))) {
            for (Path file : files.sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    if (kind.equals(map(document).get("kind"))) {
                        return map(document);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no " + kind + " under deploy/kubernetes");
    }

    private static Map<String, Object> onlyContainer(Map<String, Object> podSpec) {
        List<Map<String, Object>> containers = list(podSpec, "containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = map(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object node, String key) {
        return (List<Map<String, Object>>) ((Map<String, Object>) node).get(key);
    }

    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>sheetflow</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(Path.of("pom.xml")));
        assertTrue(m.find(), "pom.xml names the project's version");
        return m.group(1);
    }

    /** The port and user the image is configured with (pom.xml, profile "image"). */
    private static int imagePort() {
        return Integer.parseInt(group(POM, "<SHEETFLOW_PORT>(\\d+)</SHEETFLOW_PORT>"));
    }

    private static int imageUid() {
        return Integer.parseInt(group(POM, "<user>(\\d+):\\d+</user>"));
    }

    /** The HEALTHCHECK command of the image's config, as src/image/build-base-image.sh writes it. */
    static List<String> imageHealthCheck() {
        String test = group(read(Path.of("src/image/build-base-image.sh")), "\"Test\":\\[([^\\]]*)\\]");
        return java.util.Arrays.stream(test.split(",")).map(t -> t.strip().replaceAll("^\"|\"$", "")).toList();
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex);
        return m.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
