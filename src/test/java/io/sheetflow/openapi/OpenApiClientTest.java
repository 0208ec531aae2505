package io.sheetflow.openapi;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.ClientOptInput;
import org.openapitools.codegen.CodegenConstants;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client generation acceptance: a Java client generated from this server's /openapi.yml by openapi-generator
 * (generator {@code java}, library {@code native}: java.net.http and Jackson) is compiled and drives the server
 * through {@code src/test/resources/openapi-client/ClientScenario.java}: creates a conversation, uploads a CSV
 * and executes a workflow on it, reading each answer's {@code data} through the generated typed models. Tagged {@value #TAG} (about a minute): {@code ./mvnw -Popenapi-client test},
 * run by .ci/run.
 */
@MicronautTest
@Tag(OpenApiClientTest.TAG)
class OpenApiClientTest extends ServerTest {
    static final String TAG = "openapi-client";
    private static final String PACKAGE = "io.sheetflow.client";

    @Test
    void aGeneratedJavaClientCreatesAConversationUploadsAFileAndExecutesAWorkflow() throws Exception {
        Path work = Path.of("target", "openapi-client").toAbsolutePath();
        deleteRecursively(work);
        Path spec = work.resolve("openapi.yml");
        Files.createDirectories(work);
        Files.write(spec, api().withToken(null).download("/openapi.yml").body());

        generate(spec, work.resolve("generated"));
        Path scenario = work.resolve("scenario/" + PACKAGE.replace('.', '/') + "/ClientScenario.java");
        Files.createDirectories(scenario.getParent());
        try (InputStream in = getClass().getResourceAsStream("/openapi-client/ClientScenario.java")) {
            Files.copy(in, scenario);
        }
        Path classes = work.resolve("classes");
        compile(List.of(work.resolve("generated/src/main/java"), work.resolve("scenario")), classes);

        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass(PACKAGE + ".ClientScenario")
                    .getMethod("run", String.class, String.class, Path.class);
            Path csv = work.resolve("people.csv");
            Files.writeString(csv, "name,city\nAda,London\nGrace,New York\n");
            @SuppressWarnings("unchecked")
            Map<String, Object> outcome = (Map<String, Object>) run.invoke(null, server.getURI().toString(),
                    adminToken, csv);
            assertEquals("completed", outcome.get("run_status"), outcome.toString());
            assertEquals("people.csv", outcome.get("uploaded"), outcome.toString());
            assertEquals(1, outcome.get("steps"), outcome.toString());
            assertEquals(1, outcome.get("listed_files"), outcome.toString());
            assertEquals(1, outcome.get("runs"), outcome.toString());
            assertEquals("created", outcome.get("chat_status"), outcome.toString());
        }
    }

    private static void generate(Path spec, Path output) {
        CodegenConfigurator configurator = new CodegenConfigurator()
                .setGeneratorName("java")
                .setLibrary("native")
                .setInputSpec(spec.toString())
                .setOutputDir(output.toString())
                .setApiPackage(PACKAGE + ".api")
                .setModelPackage(PACKAGE + ".model")
                .setInvokerPackage(PACKAGE)
                .addAdditionalProperty("openApiNullable", false)
                .addAdditionalProperty("annotationLibrary", "none")
                .addAdditionalProperty("documentationProvider", "none")
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("hideGenerationTimestamp", true)
                // The multipart forms' models (FileUploadForm, ...) are imported by the APIs: generate them.
                .addGlobalProperty("skipFormModel", "false");
        ClientOptInput input = configurator.toClientOptInput();
        DefaultGenerator generator = new DefaultGenerator();
        generator.setGeneratorPropertyDefault(CodegenConstants.API_TESTS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.MODEL_TESTS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.API_DOCS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.MODEL_DOCS, "false");
        List<File> files = generator.opts(input).generate();
        assertTrue(files.size() > 10, "generated " + files);
    }

    private static void compile(List<Path> sourceRoots, Path classes) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
                "-classpath", System.getProperty("java.class.path")));
        for (Path root : sourceRoots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
            }
        }
        Files.createDirectories(classes);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = compiler.run(null, null, errors, arguments.toArray(String[]::new));
        assertEquals(0, status, "the generated client does not compile:\n" + errors);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
